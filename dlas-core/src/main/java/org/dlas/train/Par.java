package org.dlas.train;

import java.util.stream.IntStream;

/**
 * Parallel loops over the common fork-join pool. Every task writes only its own outputs, and the
 * split of work into tasks depends only on the sizes, never on thread count or timing, so results
 * are bit-identical however the tasks are scheduled.
 */
final class Par {
    /** Images per task in batch-parallel loops (fixed: partial gradient sums follow this split). */
    static final int CHUNK = 8;
    /** Below this many scalar operations a loop runs on the calling thread. */
    private static final long SEQUENTIAL_WORK = 1 << 15;

    @FunctionalInterface interface Range { void run(int task, int from, int to); }

    private Par() { }

    static int tasks(int n, int grain) { return (n + grain - 1) / grain; }

    /** Runs body(task, from, to) over [0, n) split in ranges of {@code grain}. */
    static void forRanges(int n, int grain, long work, Range body) {
        int tasks = tasks(n, grain);
        if (tasks <= 1 || work < SEQUENTIAL_WORK) {
            for (int t = 0; t < tasks; t++) body.run(t, t * grain, Math.min(n, (t + 1) * grain));
            return;
        }
        IntStream.range(0, tasks).parallel().forEach(t -> body.run(t, t * grain, Math.min(n, (t + 1) * grain)));
    }

    /** Batch-parallel loop in chunks of {@link #CHUNK} images. */
    static void images(int n, long workPerImage, Range body) {
        forRanges(n, CHUNK, workPerImage * n, body);
    }

    /**
     * Batch-parallel loop over the channel planes of {@code n} images of {@code c} planes of
     * {@code hw} values: {@code body} gets each plane's index (image * c + channel) once; the
     * per-value loop stays in the body.
     */
    static void planes(int n, int c, int hw, java.util.function.IntConsumer body) {
        images(n, (long) c * hw, (t, from, to) -> {
            for (int i = from * c; i < to * c; i++) body.accept(i);
        });
    }

    /** One task per index (e.g. per channel). */
    static void each(int n, long workPerItem, java.util.function.IntConsumer body) {
        forRanges(n, 1, workPerItem * n, (t, from, to) -> body.accept(t));
    }
}
