package org.dlas.kernels;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

import org.dlas.settings.DlasSettings;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The kernels' task runner. A kernel splits its work into independent tasks, each of which
 * computes a disjoint set of output elements completely (the whole reduction, in the kernel's
 * fixed order), so the result is bit-identical whether the tasks run on one thread or many.
 * Tasks run on one shared {@link ForkJoinPool} when the layer's multiply-accumulates exceed
 * {@link #thresholdMacs()}; smaller layers stay on the calling thread.
 *
 * <p>Before each task the runner checks whether the calling thread has been interrupted; if so
 * it clears the flag and throws {@link CancellationException}, so that a sweep can time out a point.
 */
public final class Parallel {
    /** Default: layers under 2M multiply-accumulates run single-threaded. */
    public static final long DEFAULT_THRESHOLD_MACS = 2_000_000L;

    private static volatile long thresholdMacs = DEFAULT_THRESHOLD_MACS;
    private static final ForkJoinPool POOL = createPool();

    private Parallel() {}

    private static ForkJoinPool createPool() {
        int threads = DlasSettings.read().kernelThreads().orElse(Runtime.getRuntime().availableProcessors());
        return new ForkJoinPool(Math.max(1, threads));
    }

    /** Threads the kernels may use (system property {@code dlas.kernels.threads}, default: all cores). */
    public static int parallelism() { return POOL.getParallelism(); }

    public static long thresholdMacs() { return thresholdMacs; }

    /** Layers with more multiply-accumulates than this per run are split across threads. */
    public static void setThresholdMacs(long macs) {
        if (macs < 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "threshold must be >= 0: " + macs);
        thresholdMacs = macs;
    }

    /** Whether a layer run of this many multiply-accumulates is spread over threads. */
    static boolean parallel(long macs) {
        return macs > thresholdMacs && POOL.getParallelism() > 1;
    }

    /** Throws {@link CancellationException} (clearing the flag) if the current thread was interrupted. */
    static void checkInterrupted() {
        if (Thread.interrupted()) throw cancelled();
    }

    private static CancellationException cancelled() {
        return new CancellationException("convolution interrupted");
    }

    /**
     * Runs {@code body} for task indices 0..tasks-1; tasks must write disjoint outputs.
     *
     * @param macs work of the whole layer run, used to decide whether threads pay
     */
    static void forEach(int tasks, long macs, IntConsumer body) {
        checkInterrupted();
        if (tasks <= 0) return;
        if (tasks == 1 || !parallel(macs)
                || (Thread.currentThread() instanceof ForkJoinWorkerThread fw && fw.getPool() == POOL)) {
            for (int t = 0; t < tasks; t++) {
                checkInterrupted();
                body.accept(t);
            }
            return;
        }
        Thread caller = Thread.currentThread();
        Range root = new Range(0, tasks, body, caller);
        try {
            POOL.invoke(root);
        } catch (CancellationException e) {
            Thread.interrupted(); // the interrupt has been turned into the exception
            throw cancelled();
        }
        checkInterrupted();
    }

    /** Splits [from, to) in halves down to single tasks. */
    private static final class Range extends RecursiveAction {
        private final int from, to;
        private final IntConsumer body;
        private final Thread caller;

        Range(int from, int to, IntConsumer body, Thread caller) {
            this.from = from; this.to = to; this.body = body; this.caller = caller;
        }

        @Override protected void compute() {
            if (to - from == 1) {
                if (caller.isInterrupted()) throw cancelled();
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(from, mid, body, caller), new Range(mid, to, body, caller));
        }
    }
}
