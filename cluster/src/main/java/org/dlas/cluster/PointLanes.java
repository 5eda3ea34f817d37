package org.dlas.cluster;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * A worker's prefetch mode ({@code dlas cluster worker --prefetch}): the worker offers Spark
 * {@value #SLOTS_PER_LANE} task slots per core it was given, and its executors run at most one point
 * per core at a time; the other task waits, already launched and deserialised, for a free lane. So
 * the next point's scheduling, task fetch and deserialisation overlap the running point instead of
 * following it. Spark still decides which task runs where and reruns lost ones; only a point's start
 * waits here. The price: a waiting task shares its executor with the running one, so an executor that
 * crashes (a point that kills its JVM) also fails the attempt of the task waiting beside it.
 */
final class PointLanes {
    /** The environment variable a prefetching worker passes to its executors: the number of lanes (cores given). */
    static final String ENV = "DLAS_POINT_LANES";
    static final int SLOTS_PER_LANE = 2;
    /** Null when the executor was not started by a prefetching worker: every task slot is then a lane. */
    private static final Semaphore LANES = lanes(System.getenv(ENV));

    private PointLanes() { }

    /** The cores a worker given {@code cores} announces to Spark, and the variable its executors get. */
    static int sparkCores(int cores, boolean prefetch) {
        return prefetch ? cores * SLOTS_PER_LANE : cores;
    }

    static void configure(Map<String, String> workerEnv, int cores, boolean prefetch) {
        if (prefetch) workerEnv.put(ENV, Integer.toString(cores));
        else workerEnv.remove(ENV);
    }

    /** Runs {@code point} once a lane is free (at once when this executor has no lanes). */
    static <T> T run(Callable<T> point) throws Exception {
        if (LANES == null) return point.call();
        LANES.acquire();
        try {
            return point.call();
        } finally {
            LANES.release();
        }
    }

    private static Semaphore lanes(String value) {
        if (value == null || value.isBlank()) return null;
        return new Semaphore(Math.max(1, Integer.parseInt(value.trim())), true);
    }
}
