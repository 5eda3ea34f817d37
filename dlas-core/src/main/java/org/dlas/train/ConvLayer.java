package org.dlas.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;

/**
 * Conv2d with groups, stride and padding, per image and group as matrix products: forward
 * {@code Y = W x im2col(X)}; weight gradient {@code dW += dY x im2col(X)^T} (through a transposed
 * im2col when the reduction is long enough to vectorise, else dot products); input gradient
 * {@code col2im(W^T x dY)}. 1x1 stride-1 unpadded convolutions use the input planes directly.
 * Batch-parallel over chunks of images; each chunk sums its own weight gradient and the chunks'
 * sums are added in chunk order.
 */
final class ConvLayer extends Layer {
    /** Reduction length (C/groups*R*S) from which the weight gradient goes through im2col^T. */
    static final int COLT_MIN = 24;

    private final ConvSpec s;
    private final int C, H, W, K, OH, OW, N, G, Cg, Kg, Kc, R, S;
    private final boolean pointwise;
    private final Param weight, bias;
    private float[][][] partW;
    private float[][] partB;
    private float[][][] wt;

    ConvLayer(Node node, Shape[] in, Shape out) {
        super(node, in, out);
        Op.Conv2d op = (Op.Conv2d) node.op();
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
        weight = Param.of(node.name() + ".weight", op.weight(), K, true);
        bias = op.bias() == null ? null : Param.of(node.name() + ".bias", op.bias(), 1, false);
    }

    @Override List<Param> params() {
        List<Param> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) p.add(bias);
        return p;
    }

    @Override Op export() {
        Op.Conv2d op = (Op.Conv2d) node.op();
        return new Op.Conv2d(s, weight.flat(), bias == null ? null : bias.flat(), op.quant());
    }

    @Override void forward(Act[] xs, Act y, boolean training) {
        Act x = xs[0];
        float[][] w = weight.value;
        float[] b = bias == null ? null : bias.value[0];
        Par.images(x.n, (long) K * N * Kc, (task, from, to) -> {
            float[][] col = pointwise ? null : Scratch.get().rows(Scratch.COL, Kc, N);
            for (int img = from; img < to; img++) {
                for (int g = 0; g < G; g++) {
                    float[][] B;
                    int br;
                    if (pointwise) {
                        B = x.planes;
                        br = img * C + g * Cg;
                    } else {
                        im2col(x, img, g, col);
                        B = col;
                        br = 0;
                    }
                    int yr = img * K + g * Kg;
                    for (int m = 0; m < Kg; m++) Arrays.fill(y.planes[yr + m], 0, N, b == null ? 0f : b[g * Kg + m]);
                    Gemm.nn(Kg, N, Kc, w, g * Kg, B, br, y.planes, yr);
                }
            }
        });
    }

    @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
        Act x = xs[0], dx = dxs[0];
        if (dx != null) transposeWeights();
        int tasks = Par.tasks(x.n, Par.CHUNK);
        partW = partials(partW, tasks, K, Kc);
        if (bias != null && (partB == null || partB.length < tasks)) partB = new float[tasks][K];
        Par.images(x.n, 3L * K * N * Kc, (task, from, to) -> {
            float[][] pw = partW[task];
            zero(pw);
            float[] pb = bias == null ? null : partB[task];
            if (pb != null) Arrays.fill(pb, 0f);
            Scratch sc = Scratch.get();
            for (int img = from; img < to; img++) {
                for (int g = 0; g < G; g++) {
                    int dr = img * K + g * Kg;
                    if (pb != null) for (int m = 0; m < Kg; m++) pb[g * Kg + m] += Gemm.sum(dy.planes[dr + m], N);
                    if (Kc >= COLT_MIN) {
                        float[][] colT = sc.rows(Scratch.COLT, N, Kc);
                        im2colT(x, img, g, colT);
                        Gemm.nn(Kg, Kc, N, dy.planes, dr, colT, 0, pw, g * Kg);
                    } else if (pointwise) {
                        Gemm.nt(Kg, Kc, N, dy.planes, dr, x.planes, img * C + g * Cg, pw, g * Kg);
                    } else {
                        float[][] col = sc.rows(Scratch.COL, Kc, N);
                        im2col(x, img, g, col);
                        Gemm.nt(Kg, Kc, N, dy.planes, dr, col, 0, pw, g * Kg);
                    }
                    if (dx == null) continue;
                    if (pointwise) {
                        Gemm.nn(Cg, N, Kg, wt[g], 0, dy.planes, dr, dx.planes, img * C + g * Cg);
                    } else {
                        float[][] dcol = sc.rows(Scratch.DCOL, Kc, N);
                        for (int k = 0; k < Kc; k++) Arrays.fill(dcol[k], 0, N, 0f);
                        Gemm.nn(Kc, N, Kg, wt[g], 0, dy.planes, dr, dcol, 0);
                        col2im(dcol, dx, img, g);
                    }
                }
            }
        });
        weight.reduce(partW, tasks);
        if (bias != null) {
            float[] gb = bias.grad[0];
            System.arraycopy(partB[0], 0, gb, 0, K);
            for (int t = 1; t < tasks; t++) for (int k = 0; k < K; k++) gb[k] += partB[t][k];
        }
    }

    private void transposeWeights() {
        if (wt == null) wt = new float[G][Kc][Kg];
        for (int g = 0; g < G; g++) {
            for (int m = 0; m < Kg; m++) {
                float[] row = weight.value[g * Kg + m];
                for (int k = 0; k < Kc; k++) wt[g][k][m] = row[k];
            }
        }
    }

    /** col[(c*R + r)*S + q][oh*OW + ow] = x[img, g*Cg + c, oh*sh - ph + r, ow*sw - pw + q] (0 outside). */
    void im2col(Act x, int img, int g, float[][] col) {
        int sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        for (int c = 0; c < Cg; c++) {
            float[] src = x.planes[img * C + g * Cg + c];
            for (int r = 0; r < R; r++) {
                for (int q = 0; q < S; q++) {
                    float[] dst = col[(c * R + r) * S + q];
                    for (int oh = 0; oh < OH; oh++) {
                        int ih = oh * sh - ph + r, o = oh * OW;
                        if (ih < 0 || ih >= H) {
                            Arrays.fill(dst, o, o + OW, 0f);
                            continue;
                        }
                        int base = ih * W;
                        if (sw == 1) {
                            int iw0 = q - pw;
                            int lo = Math.min(OW, Math.max(0, -iw0)), hi = Math.max(lo, Math.min(OW, W - iw0));
                            if (lo > 0) Arrays.fill(dst, o, o + lo, 0f);
                            if (hi > lo) System.arraycopy(src, base + iw0 + lo, dst, o + lo, hi - lo);
                            if (hi < OW) Arrays.fill(dst, o + hi, o + OW, 0f);
                        } else {
                            for (int ow = 0; ow < OW; ow++) {
                                int iw = ow * sw - pw + q;
                                dst[o + ow] = iw >= 0 && iw < W ? src[base + iw] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The transpose of {@link #im2col}: colT[oh*OW + ow][(c*R + r)*S + q]. */
    void im2colT(Act x, int img, int g, float[][] colT) {
        int sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        for (int oh = 0; oh < OH; oh++) {
            for (int ow = 0; ow < OW; ow++) {
                float[] dst = colT[oh * OW + ow];
                int k = 0;
                for (int c = 0; c < Cg; c++) {
                    float[] src = x.planes[img * C + g * Cg + c];
                    for (int r = 0; r < R; r++) {
                        int ih = oh * sh - ph + r;
                        if (ih < 0 || ih >= H) {
                            for (int q = 0; q < S; q++) dst[k++] = 0f;
                            continue;
                        }
                        int base = ih * W;
                        for (int q = 0; q < S; q++) {
                            int iw = ow * sw - pw + q;
                            dst[k++] = iw >= 0 && iw < W ? src[base + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds each col entry back to the input position it was read from. */
    void col2im(float[][] col, Act dx, int img, int g) {
        int sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        for (int c = 0; c < Cg; c++) {
            float[] dst = dx.planes[img * C + g * Cg + c];
            for (int r = 0; r < R; r++) {
                for (int q = 0; q < S; q++) {
                    float[] src = col[(c * R + r) * S + q];
                    for (int oh = 0; oh < OH; oh++) {
                        int ih = oh * sh - ph + r;
                        if (ih < 0 || ih >= H) continue;
                        int base = ih * W, o = oh * OW;
                        int iw0 = q - pw;
                        // valid ow: 0 <= ow*sw + iw0 < W
                        int lo = iw0 >= 0 ? 0 : (-iw0 + sw - 1) / sw;
                        int hi = Math.min(OW, (W - 1 - iw0) / sw + 1);
                        if (W - 1 - iw0 < 0) hi = 0;
                        for (int ow = lo; ow < hi; ow++) dst[base + ow * sw + iw0] += src[o + ow];
                    }
                }
            }
        }
    }
}
