package org.dlas.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.dlas.spec.PlannedPoint;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Status;

/**
 * Runs points on {@code jobs} threads of this JVM, each under the point's timeout: a point that
 * runs too long is interrupted (kernels check for interruption) and becomes an error row.
 */
public final class LocalPointExecutor implements PointExecutor {
    private final PointRunner runner;
    private final int jobs;
    private final ExecutorService workers;

    public LocalPointExecutor(PointRunner runner, int jobs) {
        this.runner = runner;
        this.jobs = Math.max(1, jobs);
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dlas-point");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void runAll(List<PlannedPoint> points, Consumer<PlannedPoint> onStart, Consumer<ResultRow> onDone) throws InterruptedException {
        ExecutorService lanes = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<?>> lanesDone = new ArrayList<>();
            for (PlannedPoint p : points) {
                lanesDone.add(lanes.submit(() -> {
                    onStart.accept(p);
                    onDone.accept(runWithTimeout(p));
                    return null;
                }));
            }
            for (Future<?> f : lanesDone) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("storing a result failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            lanes.shutdownNow();
        }
    }

    private ResultRow runWithTimeout(PlannedPoint p) throws InterruptedException {
        Instant start = Instant.now();
        Future<ResultRow> f = workers.submit(() -> runner.run(p));
        int timeout = p.point().measure().timeoutSeconds();
        try {
            return f.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return PointRunner.row(p.point(), Status.ERROR, java.util.Map.of(), null,
                    "timed out after " + timeout + " s (measure.timeout_s)", start);
        } catch (ExecutionException e) {
            return PointRunner.row(p.point(), Status.ERROR, java.util.Map.of(), null, String.valueOf(e.getCause()), start);
        }
    }

    @Override public void close() { workers.shutdownNow(); }
}
