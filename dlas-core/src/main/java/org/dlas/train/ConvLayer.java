package org.dlas.train;

import java.util.Arrays;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;

/**
 * Conv2d with groups (incl. depthwise), stride and padding, as matrix products per image and
 * group on {@link WideConv wide} im2col rows:
 * <ul>
 * <li>forward {@code Y = W x im2col(X)};
 * <li>weight gradient {@code dW += dY x im2col(X)^T}, through the transposed im2col when the
 *     reduction (C/groups*R*S) is long enough to vectorise, else as dot products;
 * <li>input gradient, stride 1: the convolution of dY with the flipped, transposed kernel; other
 *     strides: {@code col2im(W^T x dY)}.
 * </ul>
 * 1x1 stride-1 unpadded convolutions use the input planes directly. Batch-parallel over fixed
 * chunks of images; each chunk sums its own weight gradient and the chunks' sums are added in
 * chunk order, so results do not depend on scheduling.
 */
final class ConvLayer extends WeightedLayer {
    /** Reduction length (C/groups*R*S) from which the weight gradient goes through im2col^T. */
    static final int COLT_MIN = 24;

    private final ConvSpec s;
    private final int C, H, W, K, OH, OW, N, G, Cg, Kg, Kc, R, S;
    private final boolean pointwise, flipBackward;
    private final WideConv fwd, flip;
    private float[][][] wt, wflip;

    ConvLayer(Node node, Shape[] in, Shape out) {
        super(node, in, out, conv(node).weight(), conv(node).bias(), out.channels(), reduction(conv(node).spec()));
        Op.Conv2d op = conv(node);
        s = op.spec();
        C = in[0].channels();
        H = in[0].height();
        W = in[0].width();
        K = out.channels();
        OH = out.height();
        OW = out.width();
        N = OH * OW;
        G = s.groups();
        Cg = s.inPerGroup();
        Kg = s.outPerGroup();
        R = s.kernelH();
        S = s.kernelW();
        Kc = Cg * R * S;
        pointwise = R == 1 && S == 1 && s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0 && s.padW() == 0;
        fwd = pointwise ? null : new WideConv(Cg, H, W, R, S, s.strideH(), s.strideW(), s.padH(), s.padW());
        flipBackward = !pointwise && s.strideH() == 1 && s.strideW() == 1 && s.padH() <= R - 1 && s.padW() <= S - 1;
        flip = flipBackward ? new WideConv(Kg, OH, OW, R, S, 1, 1, R - 1 - s.padH(), S - 1 - s.padW()) : null;
        if (flip != null && (flip.outH != H || flip.outW != W)) throw new IllegalStateException("flipped geometry of " + node.name());
    }

    private static Op.Conv2d conv(Node node) { return (Op.Conv2d) node.op(); }

    /** Weight columns: C/groups*R*S. */
    private static int reduction(ConvSpec s) { return s.inPerGroup() * s.kernelH() * s.kernelW(); }

    @Override Op export() {
        Op.Conv2d op = (Op.Conv2d) node.op();
        return new Op.Conv2d(s, weight.flat(), exportedBias(), op.quant());
    }

    @Override void forward(Act[] xs, Act y, boolean training) {
        Act x = xs[0];
        float[][] w = weight.value;
        float[] b = bias == null ? null : bias.value[0];
        Par.images(x.n, (long) K * N * Kc, (task, from, to) -> {
            Scratch sc = Scratch.get();
            for (int img = from; img < to; img++) {
                for (int g = 0; g < G; g++) {
                    int yr = img * K + g * Kg;
                    if (pointwise) {
                        for (int m = 0; m < Kg; m++) Arrays.fill(y.planes[yr + m], 0, N, b == null ? 0f : b[g * Kg + m]);
                        Gemm.nn(Kg, N, Kc, w, g * Kg, x.planes, img * C + g * Cg, y.planes, yr);
                        continue;
                    }
                    float[][] col = fwd.im2col(x.planes, img * C + g * Cg, sc, Scratch.PHASE, Scratch.COL);
                    float[][] wide = sc.rows(Scratch.WIDE, Kg, fwd.nw);
                    for (int m = 0; m < Kg; m++) Arrays.fill(wide[m], 0, fwd.nw, b == null ? 0f : b[g * Kg + m]);
                    Gemm.nn(Kg, fwd.nw, Kc, w, g * Kg, col, 0, wide, 0);
                    fwd.compact(wide, Kg, y.planes, yr);
                }
            }
        });
    }

    @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
        Act x = xs[0], dx = dxs[0];
        if (dx != null) prepareWeights();
        int tasks = Par.tasks(x.n, Par.CHUNK);
        preparePartials(tasks);
        Par.images(x.n, 3L * K * N * Kc, (task, from, to) -> {
            float[][] pw = weightPartial(task);
            float[] pb = biasPartial(task);
            Scratch sc = Scratch.get();
            for (int img = from; img < to; img++) {
                for (int g = 0; g < G; g++) {
                    int dr = img * K + g * Kg;
                    if (pb != null) for (int m = 0; m < Kg; m++) pb[g * Kg + m] += Gemm.sum(dy.planes[dr + m], N);
                    weightGrad(x, dy, img, g, pw, sc);
                    if (dx != null) inputGrad(dy, dx, img, g, sc);
                }
            }
        });
        reduceGradients(tasks);
    }

    /** pw[g*Kg + m][k] += sum_n dY[m][n] * col[k][n]. */
    private void weightGrad(Act x, Act dy, int img, int g, float[][] pw, Scratch sc) {
        int dr = img * K + g * Kg;
        if (pointwise) {
            if (Kc >= COLT_MIN) {
                float[][] colT = sc.rows(Scratch.COLT, N, Kc);
                transpose(x.planes, img * C + g * Cg, Kc, N, colT);
                Gemm.nn(Kg, Kc, N, dy.planes, dr, colT, 0, pw, g * Kg);
            } else {
                Gemm.nt(Kg, Kc, N, dy.planes, dr, x.planes, img * C + g * Cg, pw, g * Kg);
            }
            return;
        }
        float[][] col = fwd.im2col(x.planes, img * C + g * Cg, sc, Scratch.PHASE, Scratch.COL);
        float[][] dyw = sc.rows(Scratch.DYW, Kg, fwd.nw);
        fwd.widen(dy.planes, dr, Kg, dyw);   // zero in the padding columns, so they add nothing
        if (Kc >= COLT_MIN) {
            float[][] colT = sc.rows(Scratch.COLT, fwd.nw, Kc);
            transpose(col, 0, Kc, fwd.nw, colT);
            Gemm.nn(Kg, Kc, fwd.nw, dyw, 0, colT, 0, pw, g * Kg);
        } else {
            Gemm.nt(Kg, Kc, fwd.nw, dyw, 0, col, 0, pw, g * Kg);
        }
    }

    /** Adds dL/dX of image img, group g, into dx. */
    private void inputGrad(Act dy, Act dx, int img, int g, Scratch sc) {
        int dr = img * K + g * Kg, xr = img * C + g * Cg;
        if (pointwise) {
            Gemm.nn(Cg, N, Kg, wt[g], 0, dy.planes, dr, dx.planes, xr);
        } else if (flipBackward) {
            // dX = conv(dY, flipped kernel with in/out channels swapped, pad R-1-p), stride 1
            float[][] col = flip.im2col(dy.planes, dr, sc, Scratch.FLIPPHASE, Scratch.FLIPCOL);
            float[][] wide = sc.rows(Scratch.WIDE, Cg, flip.nw);
            for (int c = 0; c < Cg; c++) Arrays.fill(wide[c], 0, flip.nw, 0f);
            Gemm.nn(Cg, flip.nw, flip.kc, wflip[g], 0, col, 0, wide, 0);
            float[] tmp = sc.vec(Scratch.VEC, H * W);
            for (int c = 0; c < Cg; c++) {
                float[] wr = wide[c], d = dx.planes[xr + c];
                for (int ih = 0; ih < H; ih++) System.arraycopy(wr, ih * flip.ws, tmp, ih * W, W);
                for (int j = 0; j < H * W; j++) d[j] += tmp[j];
            }
        } else {
            float[][] dcol = sc.rows(Scratch.DCOL, Kc, N);
            for (int k = 0; k < Kc; k++) Arrays.fill(dcol[k], 0, N, 0f);
            Gemm.nn(Kc, N, Kg, wt[g], 0, dy.planes, dr, dcol, 0);
            col2im(dcol, dx, img, g);
        }
    }

    /** W^T per group (for 1x1 and strided input gradients) or the flipped kernel (stride 1). */
    private void prepareWeights() {
        if (flipBackward) {
            if (wflip == null) wflip = new float[G][Cg][Kg * R * S];
            for (int g = 0; g < G; g++) {
                for (int m = 0; m < Kg; m++) {
                    float[] row = weight.value[g * Kg + m];
                    for (int c = 0; c < Cg; c++) {
                        float[] f = wflip[g][c];
                        for (int r = 0; r < R; r++) {
                            for (int q = 0; q < S; q++) {
                                f[(m * R + (R - 1 - r)) * S + (S - 1 - q)] = row[(c * R + r) * S + q];
                            }
                        }
                    }
                }
            }
            return;
        }
        if (wt == null) wt = new float[G][Kc][Kg];
        for (int g = 0; g < G; g++) {
            for (int m = 0; m < Kg; m++) {
                float[] row = weight.value[g * Kg + m];
                for (int k = 0; k < Kc; k++) wt[g][k][m] = row[k];
            }
        }
    }

    /** dst[j][i] = src[row + i][j] for i &lt; rows, j &lt; cols, eight destination rows at a time. */
    static void transpose(float[][] src, int row, int rows, int cols, float[][] dst) {
        int j = 0;
        for (; j + 8 <= cols; j += 8) {
            float[] t0 = dst[j], t1 = dst[j + 1], t2 = dst[j + 2], t3 = dst[j + 3];
            float[] t4 = dst[j + 4], t5 = dst[j + 5], t6 = dst[j + 6], t7 = dst[j + 7];
            for (int i = 0; i < rows; i++) {
                float[] s = src[row + i];
                t0[i] = s[j];
                t1[i] = s[j + 1];
                t2[i] = s[j + 2];
                t3[i] = s[j + 3];
                t4[i] = s[j + 4];
                t5[i] = s[j + 5];
                t6[i] = s[j + 6];
                t7[i] = s[j + 7];
            }
        }
        for (; j < cols; j++) {
            float[] t = dst[j];
            for (int i = 0; i < rows; i++) t[i] = src[row + i][j];
        }
    }

    /** Adds each compact col entry (c, r, q; oh, ow) back to the input position it was read from. */
    void col2im(float[][] col, Act dx, int img, int g) {
        int sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        for (int c = 0; c < Cg; c++) {
            float[] dst = dx.planes[img * C + g * Cg + c];
            for (int r = 0; r < R; r++) {
                for (int q = 0; q < S; q++) {
                    float[] src = col[(c * R + r) * S + q];
                    int iw0 = q - pw;
                    // valid ow: 0 <= ow*sw + iw0 < W
                    int lo = iw0 >= 0 ? 0 : (-iw0 + sw - 1) / sw;
                    int hi = W - 1 - iw0 < 0 ? 0 : Math.min(OW, (W - 1 - iw0) / sw + 1);
                    for (int oh = 0; oh < OH; oh++) {
                        int ih = oh * sh - ph + r;
                        if (ih < 0 || ih >= H) continue;
                        int base = ih * W, o = oh * OW;
                        for (int ow = lo; ow < hi; ow++) dst[base + ow * sw + iw0] += src[o + ow];
                    }
                }
            }
        }
    }
}
