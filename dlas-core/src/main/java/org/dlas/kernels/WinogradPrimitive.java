package org.dlas.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Winograd F(2x2, 3x3) for 3x3, stride 1, groups=1 layers (any padding, any image size: the last
 * row/column of 2x2 output tiles may be partial; its extra outputs are computed and dropped).
 *
 * <p>With {@code B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]]},
 * {@code G = [[1,0,0],[1/2,1/2,1/2],[1/2,-1/2,1/2],[0,0,1]]} and
 * {@code A^T = [[1,1,1,0],[0,1,-1,-1]]}, each 2x2 output tile is {@code A^T [sum_c U_c .* V_c] A}
 * with {@code U = G g G^T} (precomputed in prepare) and {@code V = B^T d B} (d: the 4x4 input
 * patch). The 16 element-wise products summed over channels are 16 GEMMs [K, C] x [C, tiles],
 * run with {@link Gemm}; the output transform is fused into the GEMM task.
 *
 * <p>int8 is exact: the weight transform uses {@code G' = 2G} (integer), so
 * {@code U' = G' g G'^T = 4U} and the transformed-domain result is {@code 4Y}, computed in int32
 * and divided by 4 exactly. Wrapping int32 arithmetic is exact modulo 2^32, so 4Y comes out
 * exactly as long as |4Y| < 2^31; prepare splits the input channels into chunks small enough
 * to guarantee that ({@code 4 * 255 * sum|w| < 2^31} per output channel and chunk, 255 being the
 * largest |x - zeroPoint|), divides each chunk's result by 4 and adds the chunks up in int32 —
 * exactly the direct reference's sum. Real layers need one chunk (under ~1800 input channels).
 */
public final class WinogradPrimitive implements ConvPrimitive {
    public static final String NAME = "winograd";
    private static final int T = 16; // 4x4 transformed tile

    /** Per chunk and output channel, the bound on sum|w| that keeps 4 * 255 * sum|w| within int32. */
    static final long INT8_CHUNK_LIMIT = Integer.MAX_VALUE / (4L * 255L);
    /** Test hook: a smaller limit forces several channel chunks. */
    static volatile long int8ChunkLimit = INT8_CHUNK_LIMIT;

    @Override public String name() { return NAME; }

    @Override public Optional<String> notApplicable(ConvSpec spec) {
        if (spec.kernelH() == 3 && spec.kernelW() == 3 && spec.strideH() == 1 && spec.strideW() == 1
                && spec.groups() == 1) {
            return Optional.empty();
        }
        String stride = spec.strideH() == spec.strideW() ? "" + spec.strideH() : spec.strideH() + "x" + spec.strideW();
        return Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has "
                + spec.kernelH() + "x" + spec.kernelW() + " stride " + stride
                + (spec.groups() != 1 ? " groups=" + spec.groups() : ""));
    }

    private void requireApplicable(ConvSpec spec) {
        notApplicable(spec).ifPresent(reason -> { throw new InvalidInputException(ErrorKind.UNSUPPORTED, reason); });
    }

    /** Tile geometry of one run. */
    private record Tiles(int tilesH, int tilesW) {
        int perImage() { return tilesH * tilesW; }
    }

    // ---------------------------------------------------------------- fp32

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        requireApplicable(spec);
        int k = spec.outChannels(), c = spec.inChannels();
        double[][] g = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
        float[][] u = new float[T][k * c]; // u[xi][ko * C + ci]
        for (int ko = 0; ko < k; ko++) {
            for (int ci = 0; ci < c; ci++) {
                int wo = (ko * c + ci) * 9;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        double s = 0;
                        for (int r = 0; r < 3; r++) {
                            for (int q = 0; q < 3; q++) s += g[i][r] * weights[wo + r * 3 + q] * g[j][q];
                        }
                        u[i * 4 + j][ko * c + ci] = (float) s;
                    }
                }
            }
        }
        float[][] packed = new float[T][];
        for (int xi = 0; xi < T; xi++) packed[xi] = Gemm.pack(u[xi], 0, k, c);
        float[] b = bias == null ? null : bias.clone();
        return (input, n, h, w) -> runF(spec, packed, b, input, n, h, w);
    }

    private static float[] runF(ConvSpec spec, float[][] packed, float[] bias, float[] input, int n, int h, int w) {
        RunShape rs = RunShape.of(spec, input.length, n, h, w);
        int k = spec.outChannels(), c = spec.inChannels(), oh = rs.outH(), ow = rs.outW();
        int ph = spec.padH(), pw = spec.padW();
        Tiles tl = new Tiles((oh + 1) / 2, (ow + 1) / 2);
        int perImage = tl.perImage();
        float[] out = new float[rs.outputLength()];
        long macs = rs.macs();
        int imagesPerChunk = (int) Math.max(1, Math.min(n, Lowered.CHUNK_VALUES / ((long) T * c * perImage)));
        for (int i0 = 0; i0 < n; i0 += imagesPerChunk) {
            int first = i0, cnt = Math.min(imagesPerChunk, n - i0);
            int ncols = cnt * perImage, blocks = (ncols + Gemm.NB - 1) / Gemm.NB;
            float[][] v = new float[T * blocks * c][]; // v[(xi * blocks + cb) * C + ci][j]
            Parallel.forEach(blocks, macs, cb -> {
                int nb = Math.min(Gemm.NB, ncols - cb * Gemm.NB);
                for (int xi = 0; xi < T; xi++) {
                    for (int ci = 0; ci < c; ci++) v[(xi * blocks + cb) * c + ci] = new float[nb];
                }
                float[] d = new float[T];
                for (int j = 0; j < nb; j++) {
                    int col = cb * Gemm.NB + j, img = first + col / perImage, tile = col % perImage;
                    int y0 = (tile / tl.tilesW()) * 2 - ph, x0 = (tile % tl.tilesW()) * 2 - pw;
                    for (int ci = 0; ci < c; ci++) {
                        int chan = (img * c + ci) * h * w;
                        for (int r = 0; r < 4; r++) {
                            int iy = y0 + r;
                            boolean rowIn = iy >= 0 && iy < h;
                            for (int q = 0; q < 4; q++) {
                                int ix = x0 + q;
                                d[r * 4 + q] = rowIn && ix >= 0 && ix < w ? input[chan + iy * w + ix] : 0f;
                            }
                        }
                        inputTransform(d);
                        for (int xi = 0; xi < T; xi++) v[(xi * blocks + cb) * c + ci][j] = d[xi];
                    }
                }
            });
            int chunk = Lowered.rowChunk(k, blocks, Gemm.MR, macs), rowTasks = (k + chunk - 1) / chunk;
            Parallel.forEach(blocks * rowTasks, macs, t -> {
                int cb = t / rowTasks, from = (t % rowTasks) * chunk, to = Math.min(k, from + chunk);
                int nb = Math.min(Gemm.NB, ncols - cb * Gemm.NB);
                float[][] m = new float[T][(to - from) * Gemm.NB];
                for (int xi = 0; xi < T; xi++) {
                    Gemm.multiply(packed[xi], k, c, from, to, v, (xi * blocks + cb) * c, nb, m[xi]);
                }
                float[] tileVals = new float[T];
                for (int i = 0; i < to - from; i++) {
                    int ko = from + i;
                    float bk = bias == null ? 0f : bias[ko];
                    for (int j = 0; j < nb; j++) {
                        for (int xi = 0; xi < T; xi++) tileVals[xi] = m[xi][i * Gemm.NB + j];
                        int col = cb * Gemm.NB + j, img = first + col / perImage, tile = col % perImage;
                        int oy = (tile / tl.tilesW()) * 2, ox = (tile % tl.tilesW()) * 2;
                        float[] y = tileVals;
                        float s00 = y[0] + y[4] + y[8], s01 = y[1] + y[5] + y[9], s02 = y[2] + y[6] + y[10], s03 = y[3] + y[7] + y[11];
                        float s10 = y[4] - y[8] - y[12], s11 = y[5] - y[9] - y[13], s12 = y[6] - y[10] - y[14], s13 = y[7] - y[11] - y[15];
                        int o = (img * k + ko) * oh * ow + oy * ow + ox;
                        out[o] = s00 + s01 + s02 + bk;
                        if (ox + 1 < ow) out[o + 1] = s01 - s02 - s03 + bk;
                        if (oy + 1 < oh) {
                            out[o + ow] = s10 + s11 + s12 + bk;
                            if (ox + 1 < ow) out[o + ow + 1] = s11 - s12 - s13 + bk;
                        }
                    }
                }
            });
        }
        return out;
    }

    /** d := B^T d B on a 4x4 row-major tile. */
    private static void inputTransform(float[] d) {
        for (int q = 0; q < 4; q++) { // rows: B^T d
            float a = d[q], b = d[4 + q], cc = d[8 + q], e = d[12 + q];
            d[q] = a - cc; d[4 + q] = b + cc; d[8 + q] = cc - b; d[12 + q] = b - e;
        }
        for (int r = 0; r < 16; r += 4) { // columns: (.) B
            float a = d[r], b = d[r + 1], cc = d[r + 2], e = d[r + 3];
            d[r] = a - cc; d[r + 1] = b + cc; d[r + 2] = cc - b; d[r + 3] = b - e;
        }
    }

    private static void inputTransform(int[] d) {
        for (int q = 0; q < 4; q++) {
            int a = d[q], b = d[4 + q], cc = d[8 + q], e = d[12 + q];
            d[q] = a - cc; d[4 + q] = b + cc; d[8 + q] = cc - b; d[12 + q] = b - e;
        }
        for (int r = 0; r < 16; r += 4) {
            int a = d[r], b = d[r + 1], cc = d[r + 2], e = d[r + 3];
            d[r] = a - cc; d[r + 1] = b + cc; d[r + 2] = cc - b; d[r + 3] = b - e;
        }
    }

    // ---------------------------------------------------------------- int8

    /** Splits the input channels into [from, to) chunks whose 4*255*sum|w| stays within int32. */
    static List<int[]> channelChunks(ConvSpec spec, byte[] weights, long limit) {
        int k = spec.outChannels(), c = spec.inChannels();
        List<int[]> chunks = new ArrayList<>();
        long[] sums = new long[k];
        int start = 0;
        for (int ci = 0; ci < c; ci++) {
            boolean fits = true;
            for (int ko = 0; ko < k && fits; ko++) {
                long s = 0;
                for (int q = 0; q < 9; q++) s += Math.abs(weights[(ko * c + ci) * 9 + q]);
                if (sums[ko] + s > limit) fits = false;
            }
            if (!fits && ci > start) {
                chunks.add(new int[] {start, ci});
                start = ci;
                java.util.Arrays.fill(sums, 0);
            }
            for (int ko = 0; ko < k; ko++) {
                for (int q = 0; q < 9; q++) sums[ko] += Math.abs(weights[(ko * c + ci) * 9 + q]);
            }
        }
        chunks.add(new int[] {start, c});
        return chunks;
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        requireApplicable(spec);
        int k = spec.outChannels(), c = spec.inChannels();
        int[][] g2 = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}}; // 2G
        int[][] u = new int[T][k * c];
        for (int ko = 0; ko < k; ko++) {
            for (int ci = 0; ci < c; ci++) {
                int wo = (ko * c + ci) * 9;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        int s = 0;
                        for (int r = 0; r < 3; r++) {
                            for (int q = 0; q < 3; q++) s += g2[i][r] * weights[wo + r * 3 + q] * g2[j][q];
                        }
                        u[i * 4 + j][ko * c + ci] = s;
                    }
                }
            }
        }
        int[][] packed = new int[T][];
        for (int xi = 0; xi < T; xi++) packed[xi] = Gemm.pack(u[xi], 0, k, c);
        List<int[]> chunks = channelChunks(spec, weights, int8ChunkLimit);
        int[] b = bias == null ? null : bias.clone();
        return (input, n, h, w, zp) -> runI(spec, packed, chunks, b, input, n, h, w, zp);
    }

    private static int[] runI(ConvSpec spec, int[][] packed, List<int[]> chunks, int[] bias, byte[] input,
                              int n, int h, int w, int zp) {
        Checks.zeroPoint(zp);
        RunShape rs = RunShape.of(spec, input.length, n, h, w);
        int k = spec.outChannels(), c = spec.inChannels(), oh = rs.outH(), ow = rs.outW();
        int ph = spec.padH(), pw = spec.padW();
        Tiles tl = new Tiles((oh + 1) / 2, (ow + 1) / 2);
        int perImage = tl.perImage();
        int[] out = new int[rs.outputLength()];
        long macs = rs.macs();
        int imagesPerChunk = (int) Math.max(1, Math.min(n, Lowered.CHUNK_VALUES / ((long) T * c * perImage)));
        for (int i0 = 0; i0 < n; i0 += imagesPerChunk) {
            int first = i0, cnt = Math.min(imagesPerChunk, n - i0);
            int ncols = cnt * perImage, blocks = (ncols + Gemm.NB - 1) / Gemm.NB;
            int[][] v = new int[T * blocks * c][];
            Parallel.forEach(blocks, macs, cb -> {
                int nb = Math.min(Gemm.NB, ncols - cb * Gemm.NB);
                for (int xi = 0; xi < T; xi++) {
                    for (int ci = 0; ci < c; ci++) v[(xi * blocks + cb) * c + ci] = new int[nb];
                }
                int[] d = new int[T];
                for (int j = 0; j < nb; j++) {
                    int col = cb * Gemm.NB + j, img = first + col / perImage, tile = col % perImage;
                    int y0 = (tile / tl.tilesW()) * 2 - ph, x0 = (tile % tl.tilesW()) * 2 - pw;
                    for (int ci = 0; ci < c; ci++) {
                        int chan = (img * c + ci) * h * w;
                        for (int r = 0; r < 4; r++) {
                            int iy = y0 + r;
                            boolean rowIn = iy >= 0 && iy < h;
                            for (int q = 0; q < 4; q++) {
                                int ix = x0 + q;
                                d[r * 4 + q] = rowIn && ix >= 0 && ix < w ? input[chan + iy * w + ix] - zp : 0;
                            }
                        }
                        inputTransform(d);
                        for (int xi = 0; xi < T; xi++) v[(xi * blocks + cb) * c + ci][j] = d[xi];
                    }
                }
            });
            int chunk = Lowered.rowChunk(k, blocks, Gemm.MR, macs), rowTasks = (k + chunk - 1) / chunk;
            Parallel.forEach(blocks * rowTasks, macs, t -> {
                int cb = t / rowTasks, from = (t % rowTasks) * chunk, to = Math.min(k, from + chunk);
                int nb = Math.min(Gemm.NB, ncols - cb * Gemm.NB), rows = to - from;
                int[][] m = new int[T][rows * Gemm.NB];
                int[] acc = new int[rows * Gemm.NB * 4]; // the 2x2 outputs, summed over channel chunks
                for (int[] ch : chunks) {
                    for (int xi = 0; xi < T; xi++) {
                        Gemm.multiply(packed[xi], k, c, ch[0], ch[1], from, to, v, (xi * blocks + cb) * c, nb, m[xi]);
                    }
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < nb; j++) {
                            int e = i * Gemm.NB + j;
                            int y0 = m[0][e], y1 = m[1][e], y2 = m[2][e], y3 = m[3][e];
                            int y4 = m[4][e], y5 = m[5][e], y6 = m[6][e], y7 = m[7][e];
                            int y8 = m[8][e], y9 = m[9][e], y10 = m[10][e], y11 = m[11][e];
                            int y12 = m[12][e], y13 = m[13][e], y14 = m[14][e], y15 = m[15][e];
                            int s00 = y0 + y4 + y8, s01 = y1 + y5 + y9, s02 = y2 + y6 + y10, s03 = y3 + y7 + y11;
                            int s10 = y4 - y8 - y12, s11 = y5 - y9 - y13, s12 = y6 - y10 - y14, s13 = y7 - y11 - y15;
                            // each value is 4Y exactly (see class comment): divide back exactly
                            acc[e * 4] += (s00 + s01 + s02) / 4;
                            acc[e * 4 + 1] += (s01 - s02 - s03) / 4;
                            acc[e * 4 + 2] += (s10 + s11 + s12) / 4;
                            acc[e * 4 + 3] += (s11 - s12 - s13) / 4;
                        }
                    }
                }
                for (int i = 0; i < rows; i++) {
                    int ko = from + i;
                    int bk = bias == null ? 0 : bias[ko];
                    for (int j = 0; j < nb; j++) {
                        int e = (i * Gemm.NB + j) * 4;
                        int col = cb * Gemm.NB + j, img = first + col / perImage, tile = col % perImage;
                        int oy = (tile / tl.tilesW()) * 2, ox = (tile % tl.tilesW()) * 2;
                        int o = (img * k + ko) * oh * ow + oy * ow + ox;
                        out[o] = acc[e] + bk;
                        if (ox + 1 < ow) out[o + 1] = acc[e + 1] + bk;
                        if (oy + 1 < oh) {
                            out[o + ow] = acc[e + 2] + bk;
                            if (ox + 1 < ow) out[o + ow + 1] = acc[e + 3] + bk;
                        }
                    }
                }
            });
        }
        return out;
    }
}
