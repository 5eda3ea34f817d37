package org.dlas.kernels;

/**
 * The shared driver of the im2col primitives (gemm, csr, bsr): per group, the output
 * {@code [K/groups, P]} is the weight matrix {@code [K/groups, kd]} (kd = C/groups*R*S) times the
 * lowered input {@code [kd, P]}. Images of a batch are lowered side by side as columns (image i
 * at columns i*P..), so small images and dense layers still give wide products. Columns are
 * stored in {@link Gemm#NB}-wide blocks (see {@link Gemm}); a single column (a dense layer on one
 * image) is a plain vector.
 *
 * <p>Work is split into tasks of (group, column block, row range); each task computes its output
 * elements completely, so the result does not depend on threading.
 */
final class Lowered {
    /** At most this many values in the lowered input of one chunk of images (16 MiB of floats). */
    static final long CHUNK_VALUES = 1L << 22;

    private Lowered() {}

    /** The matrix product a primitive supplies (fp32). Row indices are within the group. */
    interface ProductF {
        /** Rows [rowFrom, rowTo) times column block {@code col[base .. base+kd)} (nb columns) into tile rows of NB. */
        void block(int g, int rowFrom, int rowTo, float[][] col, int base, int nb, float[] tile);
        /** Rows [rowFrom, rowTo) times the vector x[xOff..] into y[yOff + row]. */
        void vector(int g, int rowFrom, int rowTo, float[] x, int xOff, float[] y, int yOff);
    }

    interface ProductI {
        void block(int g, int rowFrom, int rowTo, int[][] col, int base, int nb, int[] tile);
        void vector(int g, int rowFrom, int rowTo, int[] x, int xOff, int[] y, int yOff);
    }

    /**
     * Rows per task: all of a group's rows when the run stays on one thread or there are enough
     * column tasks, else split into aligned chunks. (Any split gives the same bits.)
     */
    static int rowChunk(int rows, int columnTasks, int align, long macs) {
        int want = 4 * Parallel.parallelism();
        if (!Parallel.parallel(macs) || columnTasks >= want) return rows;
        int splits = Math.max(1, Math.min((want + columnTasks - 1) / columnTasks, (rows + align - 1) / align));
        int chunk = (rows + splits - 1) / splits;
        chunk = (chunk + align - 1) / align * align;
        return Math.max(align, Math.min(rows, chunk));
    }

    static float[] run(ConvSpec spec, float[] bias, ProductF product, int align, float[] input, int n, int h, int w) {
        RunShape rs = RunShape.of(spec, input.length, n, h, w);
        int groups = spec.groups(), kg = spec.outPerGroup(), k = spec.outChannels();
        int kd = spec.inPerGroup() * spec.kernelH() * spec.kernelW();
        int oh = rs.outH(), ow = rs.outW(), p = oh * ow, imageIn = spec.inChannels() * h * w;
        long macs = rs.macs();
        float[] out = new float[rs.outputLength()];

        if (n == 1 && p == 1) {
            float[] x = new float[groups * kd];
            for (int g = 0; g < groups; g++) Im2col.flat(spec, input, 0, g, h, w, 1, 1, x, g * kd);
            int chunk = rowChunk(kg, groups, align, macs), rowTasks = (kg + chunk - 1) / chunk;
            Parallel.forEach(groups * rowTasks, macs, t -> {
                int g = t / rowTasks, from = (t % rowTasks) * chunk, to = Math.min(kg, from + chunk);
                product.vector(g, from, to, x, g * kd, out, g * kg);
            });
            addBias(out, bias, 1, k, 1);
            return out;
        }

        long perImage = (long) groups * kd * p;
        int imagesPerChunk = (int) Math.max(1, Math.min(n, CHUNK_VALUES / Math.max(1, perImage)));
        for (int i0 = 0; i0 < n; i0 += imagesPerChunk) {
            int cnt = Math.min(imagesPerChunk, n - i0), first = i0;
            int ncols = cnt * p, blocks = (ncols + Gemm.NB - 1) / Gemm.NB;
            float[][] col = ColumnBlocks.take(groups, blocks, kd, ncols);
            Parallel.forEach(groups * cnt, macs, t -> {
                int g = t / cnt, img = t % cnt;
                Im2col.blocked(spec, input, (first + img) * imageIn, g, h, w, oh, ow,
                        col, g * blocks * kd, kd, img * p, new float[p]);
            });
            int chunk = rowChunk(kg, groups * blocks, align, macs), rowTasks = (kg + chunk - 1) / chunk;
            Parallel.forEach(groups * blocks * rowTasks, macs, t -> {
                int rt = t % rowTasks, gb = t / rowTasks, g = gb / blocks, cb = gb % blocks;
                int from = rt * chunk, to = Math.min(kg, from + chunk);
                int nb = Math.min(Gemm.NB, ncols - cb * Gemm.NB);
                float[] tile = new float[(to - from) * Gemm.NB];
                product.block(g, from, to, col, (g * blocks + cb) * kd, nb, tile);
                for (int i = 0; i < to - from; i++) {
                    int ko = g * kg + from + i;
                    float b = bias == null ? 0f : bias[ko];
                    int done = 0;
                    while (done < nb) {
                        int jj = cb * Gemm.NB + done, img = jj / p, px = jj - img * p;
                        int len = Math.min(nb - done, p - px);
                        int dst = ((first + img) * k + ko) * p + px, src = i * Gemm.NB + done;
                        for (int q = 0; q < len; q++) out[dst + q] = tile[src + q] + b;
                        done += len;
                    }
                }
            });
            ColumnBlocks.keep(col, (long) groups * kd * ncols);
        }
        return out;
    }

    static int[] run(ConvSpec spec, int[] bias, ProductI product, int align, byte[] input, int n, int h, int w,
                     int zeroPoint) {
        Checks.zeroPoint(zeroPoint);
        RunShape rs = RunShape.of(spec, input.length, n, h, w);
        int groups = spec.groups(), kg = spec.outPerGroup(), k = spec.outChannels();
        int kd = spec.inPerGroup() * spec.kernelH() * spec.kernelW();
        int oh = rs.outH(), ow = rs.outW(), p = oh * ow, imageIn = spec.inChannels() * h * w;
        long macs = rs.macs();
        int[] out = new int[rs.outputLength()];

        if (n == 1 && p == 1) {
            int[] x = new int[groups * kd];
            for (int g = 0; g < groups; g++) Im2col.flat(spec, input, 0, g, h, w, 1, 1, zeroPoint, x, g * kd);
            int chunk = rowChunk(kg, groups, align, macs), rowTasks = (kg + chunk - 1) / chunk;
            Parallel.forEach(groups * rowTasks, macs, t -> {
                int g = t / rowTasks, from = (t % rowTasks) * chunk, to = Math.min(kg, from + chunk);
                product.vector(g, from, to, x, g * kd, out, g * kg);
            });
            addBias(out, bias, 1, k, 1);
            return out;
        }

        long perImage = (long) groups * kd * p;
        int imagesPerChunk = (int) Math.max(1, Math.min(n, CHUNK_VALUES / Math.max(1, perImage)));
        for (int i0 = 0; i0 < n; i0 += imagesPerChunk) {
            int cnt = Math.min(imagesPerChunk, n - i0), first = i0;
            int ncols = cnt * p, blocks = (ncols + Gemm.NB - 1) / Gemm.NB;
            int[][] col = new int[groups * blocks * kd][];
            for (int g = 0; g < groups; g++) {
                for (int cb = 0; cb < blocks; cb++) {
                    int width = Math.min(Gemm.NB, ncols - cb * Gemm.NB), base = (g * blocks + cb) * kd;
                    for (int kk = 0; kk < kd; kk++) col[base + kk] = new int[width];
                }
            }
            Parallel.forEach(groups * cnt, macs, t -> {
                int g = t / cnt, img = t % cnt;
                Im2col.blocked(spec, input, (first + img) * imageIn, g, h, w, oh, ow, zeroPoint,
                        col, g * blocks * kd, kd, img * p, new int[p]);
            });
            int chunk = rowChunk(kg, groups * blocks, align, macs), rowTasks = (kg + chunk - 1) / chunk;
            Parallel.forEach(groups * blocks * rowTasks, macs, t -> {
                int rt = t % rowTasks, gb = t / rowTasks, g = gb / blocks, cb = gb % blocks;
                int from = rt * chunk, to = Math.min(kg, from + chunk);
                int nb = Math.min(Gemm.NB, ncols - cb * Gemm.NB);
                int[] tile = new int[(to - from) * Gemm.NB];
                product.block(g, from, to, col, (g * blocks + cb) * kd, nb, tile);
                for (int i = 0; i < to - from; i++) {
                    int ko = g * kg + from + i;
                    int b = bias == null ? 0 : bias[ko];
                    int done = 0;
                    while (done < nb) {
                        int jj = cb * Gemm.NB + done, img = jj / p, px = jj - img * p;
                        int len = Math.min(nb - done, p - px);
                        int dst = ((first + img) * k + ko) * p + px, src = i * Gemm.NB + done;
                        for (int q = 0; q < len; q++) out[dst + q] = tile[src + q] + b;
                        done += len;
                    }
                }
            });
        }
        return out;
    }

    /** out[n][k][p] += bias[k]. */
    static void addBias(float[] out, float[] bias, int n, int k, int p) {
        if (bias == null) return;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                float b = bias[c];
                int o = (i * k + c) * p;
                for (int q = 0; q < p; q++) out[o + q] += b;
            }
        }
    }

    static void addBias(int[] out, int[] bias, int n, int k, int p) {
        if (bias == null) return;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                int b = bias[c];
                int o = (i * k + c) * p;
                for (int q = 0; q < p; q++) out[o + q] += b;
            }
        }
    }
}
