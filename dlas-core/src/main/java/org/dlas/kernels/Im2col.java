package org.dlas.kernels;

import java.util.Arrays;

/**
 * Lowers an image to the im2col matrix of one group: row {@code (c*R + r)*S + s} (c counted
 * within the group), column {@code oy*outW + ox}. Padding becomes 0; for int8 the stored value is
 * {@code x - zeroPoint}, so padding (which is the zero point) also becomes 0.
 *
 * <p>The blocked variants write columns into the {@link Gemm} block layout: column J of the
 * chunk goes to array {@code col[base + (J / NB) * kd + row]} at index {@code J % NB}.
 */
final class Im2col {
    private Im2col() {}

    /** First output index ox whose input column ox*stride - pad + s is >= 0 (clamped to outSize). */
    static int firstValid(int s, int stride, int pad, int outSize) {
        int need = pad - s; // ox*stride >= need
        return Math.min(outSize, need <= 0 ? 0 : (need + stride - 1) / stride);
    }

    /** One past the last output index ox whose input column ox*stride - pad + s is < size. */
    static int endValid(int s, int stride, int pad, int size, int outSize) {
        int lim = size + pad - s; // ox*stride < lim
        if (lim <= 0) return 0;
        return Math.min(outSize, (lim + stride - 1) / stride);
    }

    /** Fills dst[dstOff .. dstOff + oh*ow) with lowered row (r, s) of the channel at {@code chan}. */
    static void row(ConvSpec spec, float[] in, int chan, int h, int w, int oh, int ow, int r, int s,
                    float[] dst, int dstOff) {
        rows(spec, in, chan, h, w, 0, oh, ow, r, s, dst, dstOff);
    }

    /** Lowered row (r, s) restricted to output rows [oy0, oy1): fills (oy1-oy0)*ow values. */
    static void rows(ConvSpec spec, float[] in, int chan, int h, int w, int oy0, int oy1, int ow, int r, int s,
                     float[] dst, int dstOff) {
        int sh = spec.strideH(), sw = spec.strideW(), ph = spec.padH(), pw = spec.padW();
        int x0 = firstValid(s, sw, pw, ow), x1 = Math.max(x0, endValid(s, sw, pw, w, ow));
        int d = dstOff;
        for (int oy = oy0; oy < oy1; oy++, d += ow) {
            int iy = oy * sh - ph + r;
            if (iy < 0 || iy >= h) {
                Arrays.fill(dst, d, d + ow, 0f);
                continue;
            }
            if (x0 > 0) Arrays.fill(dst, d, d + x0, 0f);
            int src = chan + iy * w - pw + s;
            if (sw == 1) {
                System.arraycopy(in, src + x0, dst, d + x0, x1 - x0);
            } else {
                for (int ox = x0; ox < x1; ox++) dst[d + ox] = in[src + ox * sw];
            }
            if (x1 < ow) Arrays.fill(dst, d + x1, d + ow, 0f);
        }
    }

    /** As {@link #row(ConvSpec, float[], int, int, int, int, int, int, int, float[], int)} storing x - zeroPoint. */
    static void row(ConvSpec spec, byte[] in, int chan, int h, int w, int oh, int ow, int r, int s, int zeroPoint,
                    int[] dst, int dstOff) {
        rows(spec, in, chan, h, w, 0, oh, ow, r, s, zeroPoint, dst, dstOff);
    }

    static void rows(ConvSpec spec, byte[] in, int chan, int h, int w, int oy0, int oy1, int ow, int r, int s,
                     int zeroPoint, int[] dst, int dstOff) {
        int sh = spec.strideH(), sw = spec.strideW(), ph = spec.padH(), pw = spec.padW();
        int x0 = firstValid(s, sw, pw, ow), x1 = Math.max(x0, endValid(s, sw, pw, w, ow));
        int d = dstOff;
        for (int oy = oy0; oy < oy1; oy++, d += ow) {
            int iy = oy * sh - ph + r;
            if (iy < 0 || iy >= h) {
                Arrays.fill(dst, d, d + ow, 0);
                continue;
            }
            if (x0 > 0) Arrays.fill(dst, d, d + x0, 0);
            int src = chan + iy * w - pw + s;
            for (int ox = x0; ox < x1; ox++) dst[d + ox] = in[src + ox * sw] - zeroPoint;
            if (x1 < ow) Arrays.fill(dst, d + x1, d + ow, 0);
        }
    }

    /** Lowers group g of the image at {@code imageOff} into a flat [kd][P] matrix (row stride P). */
    static void flat(ConvSpec spec, float[] in, int imageOff, int g, int h, int w, int oh, int ow,
                     float[] col, int colOff) {
        int cg = spec.inPerGroup(), p = oh * ow, rowIdx = 0;
        for (int c = 0; c < cg; c++) {
            int chan = imageOff + (g * cg + c) * h * w;
            for (int r = 0; r < spec.kernelH(); r++) {
                for (int s = 0; s < spec.kernelW(); s++, rowIdx++) {
                    row(spec, in, chan, h, w, oh, ow, r, s, col, colOff + rowIdx * p);
                }
            }
        }
    }

    static void flat(ConvSpec spec, byte[] in, int imageOff, int g, int h, int w, int oh, int ow, int zeroPoint,
                     int[] col, int colOff) {
        int cg = spec.inPerGroup(), p = oh * ow, rowIdx = 0;
        for (int c = 0; c < cg; c++) {
            int chan = imageOff + (g * cg + c) * h * w;
            for (int r = 0; r < spec.kernelH(); r++) {
                for (int s = 0; s < spec.kernelW(); s++, rowIdx++) {
                    row(spec, in, chan, h, w, oh, ow, r, s, zeroPoint, col, colOff + rowIdx * p);
                }
            }
        }
    }

    /**
     * Lowers group g of one image into the block layout, as columns [j0, j0 + P) of the chunk.
     * {@code scratch} holds at least P values.
     */
    static void blocked(ConvSpec spec, float[] in, int imageOff, int g, int h, int w, int oh, int ow,
                        float[][] col, int base, int kd, int j0, float[] scratch) {
        int cg = spec.inPerGroup(), p = oh * ow, rowIdx = 0;
        for (int c = 0; c < cg; c++) {
            int chan = imageOff + (g * cg + c) * h * w;
            for (int r = 0; r < spec.kernelH(); r++) {
                for (int s = 0; s < spec.kernelW(); s++, rowIdx++) {
                    int cb0 = j0 / Gemm.NB, at0 = j0 - cb0 * Gemm.NB;
                    if (at0 + p <= Gemm.NB) { // the image's columns lie in one block: lower straight into it
                        row(spec, in, chan, h, w, oh, ow, r, s, col[base + cb0 * kd + rowIdx], at0);
                        continue;
                    }
                    row(spec, in, chan, h, w, oh, ow, r, s, scratch, 0);
                    int done = 0;
                    while (done < p) {
                        int jj = j0 + done, cb = jj / Gemm.NB, at = jj - cb * Gemm.NB;
                        int len = Math.min(p - done, Gemm.NB - at);
                        System.arraycopy(scratch, done, col[base + cb * kd + rowIdx], at, len);
                        done += len;
                    }
                }
            }
        }
    }

    static void blocked(ConvSpec spec, byte[] in, int imageOff, int g, int h, int w, int oh, int ow, int zeroPoint,
                        int[][] col, int base, int kd, int j0, int[] scratch) {
        int cg = spec.inPerGroup(), p = oh * ow, rowIdx = 0;
        for (int c = 0; c < cg; c++) {
            int chan = imageOff + (g * cg + c) * h * w;
            for (int r = 0; r < spec.kernelH(); r++) {
                for (int s = 0; s < spec.kernelW(); s++, rowIdx++) {
                    row(spec, in, chan, h, w, oh, ow, r, s, zeroPoint, scratch, 0);
                    int done = 0;
                    while (done < p) {
                        int jj = j0 + done, cb = jj / Gemm.NB, at = jj - cb * Gemm.NB;
                        int len = Math.min(p - done, Gemm.NB - at);
                        System.arraycopy(scratch, done, col[base + cb * kd + rowIdx], at, len);
                        done += len;
                    }
                }
            }
        }
    }
}
