package org.dlas.kernels;

/**
 * Spatial pack (TVM's CPU schedule, in Java): the weights are packed once into output-channel
 * blocks of {@link #KB} (layout KCRSk: {@code [group][k-block][c][r][s][k in block]}, the ragged
 * last block zero-padded), and the input is packed per tile of output rows into a window of
 * {@code C/groups*R*S} rows of the tile's pixels. Each pass over the window updates a whole block
 * of output channels at once (one input load feeds KB accumulators), then the next block reuses
 * the same window. Tasks are (image, group, output row tile), and when that gives too few tasks
 * for the threads, also ranges of channel blocks (each then packs its own copy of the window).
 */
public final class SpatialPackPrimitive implements ConvPrimitive {
    public static final String NAME = "spatial-pack";
    /** Output channels per block. */
    static final int KB = 8;
    /** Output pixels a tile aims for: the length of the vectorised inner loop. */
    static final int TILE_PIXELS = 256;
    /** Upper bound on the values in one window (C/groups*R*S rows of the tile's pixels), 4 MiB of floats. */
    static final int WINDOW_VALUES = 1 << 20;

    @Override public String name() { return NAME; }

    private static int kd(ConvSpec spec) { return spec.inPerGroup() * spec.kernelH() * spec.kernelW(); }

    private static int blocksPerGroup(ConvSpec spec) { return (spec.outPerGroup() + KB - 1) / KB; }

    /** Index of weight (g, kblock, q, kk) in the packed array. */
    private static int packedIndex(int blocks, int kd, int g, int kb, int q, int kk) {
        return ((g * blocks + kb) * kd + q) * KB + kk;
    }

    /** Into how many ranges of channel blocks each tile's work is split, so that small batches still give every thread work. */
    static int blockSplits(int tileTasks, int blocks, long macs) {
        int want = 4 * Parallel.parallelism();
        if (!Parallel.parallel(macs) || tileTasks >= want) return 1;
        return Math.max(1, Math.min(blocks, (want + tileTasks - 1) / tileTasks));
    }

    /** Output rows per tile: about TILE_PIXELS pixels, within WINDOW_VALUES. */
    static int tileRows(int kd, int oh, int ow) {
        int rows = (TILE_PIXELS + ow - 1) / ow;
        rows = Math.min(rows, WINDOW_VALUES / Math.max(1, kd * ow));
        return Math.max(1, Math.min(oh, rows));
    }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        return PaddedPlaneConv.suits(spec) ? PaddedPlaneConv.prepare(spec, weights, bias, windowed(spec, weights, bias)) : windowed(spec, weights, bias);
    }

    private static PreparedConv windowed(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        int kd = kd(spec), kg = spec.outPerGroup(), blocks = blocksPerGroup(spec);
        float[] wp = new float[spec.groups() * blocks * kd * KB];
        for (int ko = 0; ko < spec.outChannels(); ko++) {
            int g = ko / kg, kb = (ko % kg) / KB, kk = (ko % kg) % KB;
            for (int q = 0; q < kd; q++) wp[packedIndex(blocks, kd, g, kb, q, kk)] = weights[ko * kd + q];
        }
        float[] b = bias == null ? null : bias.clone();
        return (WritingConv) (input, n, h, w, into) -> {
            RunShape rs = RunShape.of(spec, input.length, n, h, w);
            int groups = spec.groups(), k = spec.outChannels(), cg = spec.inPerGroup();
            int kh = spec.kernelH(), kw = spec.kernelW(), oh = rs.outH(), ow = rs.outW();
            int th = tileRows(kd, oh, ow), tiles = (oh + th - 1) / th;
            int splits = blockSplits(n * groups * tiles, blocks, rs.macs()), perSplit = (blocks + splits - 1) / splits;
            float[] out = rs.output(into);
            Parallel.forEach(n * groups * tiles * splits, rs.macs(), task -> {
                int t = task / splits, kbFrom = (task % splits) * perSplit, kbTo = Math.min(blocks, kbFrom + perSplit);
                int img = t / (groups * tiles), g = (t / tiles) % groups, tile = t % tiles;
                int oy0 = tile * th, oy1 = Math.min(oh, oy0 + th), len = (oy1 - oy0) * ow;
                float[][] win = new float[kd][len];
                int q = 0;
                for (int c = 0; c < cg; c++) {
                    int chan = (img * spec.inChannels() + g * cg + c) * h * w;
                    for (int r = 0; r < kh; r++) {
                        for (int s = 0; s < kw; s++, q++) Im2col.rows(spec, input, chan, h, w, oy0, oy1, ow, r, s, win[q], 0);
                    }
                }
                float[][] acc = new float[KB][len];
                for (int kb = kbFrom; kb < kbTo; kb++) {
                    int size = Math.min(KB, kg - kb * KB);
                    int wo = packedIndex(blocks, kd, g, kb, 0, 0);
                    if (size == KB) {
                        float[] a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
                        float[] a4 = acc[4], a5 = acc[5], a6 = acc[6], a7 = acc[7];
                        for (int qq = 0; qq < kd; qq++, wo += KB) {
                            float w0 = wp[wo], w1 = wp[wo + 1], w2 = wp[wo + 2], w3 = wp[wo + 3];
                            float w4 = wp[wo + 4], w5 = wp[wo + 5], w6 = wp[wo + 6], w7 = wp[wo + 7];
                            float[] x = win[qq];
                            // two sweeps of four: C2 vectorises four accumulator rows per loop, not eight
                            for (int j = 0; j < len; j++) {
                                float xv = x[j];
                                a0[j] += w0 * xv; a1[j] += w1 * xv; a2[j] += w2 * xv; a3[j] += w3 * xv;
                            }
                            for (int j = 0; j < len; j++) {
                                float xv = x[j];
                                a4[j] += w4 * xv; a5[j] += w5 * xv; a6[j] += w6 * xv; a7[j] += w7 * xv;
                            }
                        }
                    } else {
                        for (int qq = 0; qq < kd; qq++, wo += KB) {
                            float[] x = win[qq];
                            for (int kk = 0; kk < size; kk++) {
                                float wv = wp[wo + kk];
                                float[] a = acc[kk];
                                for (int j = 0; j < len; j++) a[j] += wv * x[j];
                            }
                        }
                    }
                    for (int kk = 0; kk < size; kk++) {
                        int ko = g * kg + kb * KB + kk;
                        float bk = b == null ? 0f : b[ko];
                        int o = ((img * k + ko) * oh + oy0) * ow;
                        float[] a = acc[kk];
                        for (int j = 0; j < len; j++) { out[o + j] = a[j] + bk; a[j] = 0f; }
                    }
                }
            });
            return out;
        };
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        int kd = kd(spec), kg = spec.outPerGroup(), blocks = blocksPerGroup(spec);
        int[] wp = new int[spec.groups() * blocks * kd * KB];
        for (int ko = 0; ko < spec.outChannels(); ko++) {
            int g = ko / kg, kb = (ko % kg) / KB, kk = (ko % kg) % KB;
            for (int q = 0; q < kd; q++) wp[packedIndex(blocks, kd, g, kb, q, kk)] = weights[ko * kd + q];
        }
        int[] b = bias == null ? null : bias.clone();
        return (input, n, h, w, zp) -> {
            Checks.zeroPoint(zp);
            RunShape rs = RunShape.of(spec, input.length, n, h, w);
            int groups = spec.groups(), k = spec.outChannels(), cg = spec.inPerGroup();
            int kh = spec.kernelH(), kw = spec.kernelW(), oh = rs.outH(), ow = rs.outW();
            int th = tileRows(kd, oh, ow), tiles = (oh + th - 1) / th;
            int splits = blockSplits(n * groups * tiles, blocks, rs.macs()), perSplit = (blocks + splits - 1) / splits;
            int[] out = new int[rs.outputLength()];
            Parallel.forEach(n * groups * tiles * splits, rs.macs(), task -> {
                int t = task / splits, kbFrom = (task % splits) * perSplit, kbTo = Math.min(blocks, kbFrom + perSplit);
                int img = t / (groups * tiles), g = (t / tiles) % groups, tile = t % tiles;
                int oy0 = tile * th, oy1 = Math.min(oh, oy0 + th), len = (oy1 - oy0) * ow;
                int[][] win = new int[kd][len];
                int q = 0;
                for (int c = 0; c < cg; c++) {
                    int chan = (img * spec.inChannels() + g * cg + c) * h * w;
                    for (int r = 0; r < kh; r++) {
                        for (int s = 0; s < kw; s++, q++) Im2col.rows(spec, input, chan, h, w, oy0, oy1, ow, r, s, zp, win[q], 0);
                    }
                }
                int[][] acc = new int[KB][len];
                for (int kb = kbFrom; kb < kbTo; kb++) {
                    int size = Math.min(KB, kg - kb * KB);
                    int wo = packedIndex(blocks, kd, g, kb, 0, 0);
                    if (size == KB) {
                        int[] a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
                        int[] a4 = acc[4], a5 = acc[5], a6 = acc[6], a7 = acc[7];
                        for (int qq = 0; qq < kd; qq++, wo += KB) {
                            int w0 = wp[wo], w1 = wp[wo + 1], w2 = wp[wo + 2], w3 = wp[wo + 3];
                            int w4 = wp[wo + 4], w5 = wp[wo + 5], w6 = wp[wo + 6], w7 = wp[wo + 7];
                            int[] x = win[qq];
                            // two sweeps of four: C2 vectorises four accumulator rows per loop, not eight
                            for (int j = 0; j < len; j++) {
                                int xv = x[j];
                                a0[j] += w0 * xv; a1[j] += w1 * xv; a2[j] += w2 * xv; a3[j] += w3 * xv;
                            }
                            for (int j = 0; j < len; j++) {
                                int xv = x[j];
                                a4[j] += w4 * xv; a5[j] += w5 * xv; a6[j] += w6 * xv; a7[j] += w7 * xv;
                            }
                        }
                    } else {
                        for (int qq = 0; qq < kd; qq++, wo += KB) {
                            int[] x = win[qq];
                            for (int kk = 0; kk < size; kk++) {
                                int wv = wp[wo + kk];
                                int[] a = acc[kk];
                                for (int j = 0; j < len; j++) a[j] += wv * x[j];
                            }
                        }
                    }
                    for (int kk = 0; kk < size; kk++) {
                        int ko = g * kg + kb * KB + kk;
                        int bk = b == null ? 0 : b[ko];
                        int o = ((img * k + ko) * oh + oy0) * ow;
                        int[] a = acc[kk];
                        for (int j = 0; j < len; j++) { out[o + j] = a[j] + bk; a[j] = 0; }
                    }
                }
            });
            return out;
        };
    }
}
