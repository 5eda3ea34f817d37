package org.dlas.kernels;

/**
 * The fp32 lowered input's column blocks ({@code float[groups * blocks * kd][width]}, see
 * {@link Lowered}), kept per calling thread for the next run of the same shape: on small layers
 * allocating and zeroing them costs about as much as the GEMM itself. Im2col writes every element
 * of every row (padding as zeros), so a reused buffer holds nothing of the previous run. A run
 * takes the buffer out ({@link #take}) and puts it back when done ({@link #keep}), so a run nested
 * on the same thread (a fork/join worker helping with another model's task while it waits) gets
 * its own. Buffers above {@link #MAX_CACHED_VALUES} are not kept: a thread holds at most 4 MiB.
 */
final class ColumnBlocks {
    static final long MAX_CACHED_VALUES = 1L << 20;

    private static final ThreadLocal<float[][]> LAST = new ThreadLocal<>();

    private ColumnBlocks() {}

    /** Rows for {@code groups} groups of {@code blocks} column blocks of kd rows, over ncols columns. */
    static float[][] take(int groups, int blocks, int kd, int ncols) {
        float[][] last = LAST.get();
        LAST.remove();
        if (last != null && last.length == groups * blocks * kd && fits(last, groups, blocks, kd, ncols)) return last;
        float[][] col = new float[groups * blocks * kd][];
        for (int g = 0; g < groups; g++) {
            for (int cb = 0; cb < blocks; cb++) {
                int width = width(cb, ncols), base = (g * blocks + cb) * kd;
                for (int kk = 0; kk < kd; kk++) col[base + kk] = new float[width];
            }
        }
        return col;
    }

    /** Hands a run's buffer back for this thread's next run (small ones only). */
    static void keep(float[][] col, long values) {
        if (values <= MAX_CACHED_VALUES) LAST.set(col);
    }

    private static int width(int cb, int ncols) { return Math.min(Gemm.NB, ncols - cb * Gemm.NB); }

    private static boolean fits(float[][] col, int groups, int blocks, int kd, int ncols) {
        for (int g = 0; g < groups; g++) {
            for (int cb = 0; cb < blocks; cb++) {
                if (col[(g * blocks + cb) * kd].length != width(cb, ncols)) return false;
            }
        }
        return true;
    }
}
