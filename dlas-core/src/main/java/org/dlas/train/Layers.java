package org.dlas.train;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** The layer of each IR operator, and the parameter-free layers. */
final class Layers {
    private Layers() { }

    static Layer create(Node node, Shape[] in, Shape out) {
        Op op = node.op();
        if (op instanceof Op.Conv2d c) {
            if (c.quant() != null) throw int8(node);
            return new ConvLayer(node, in, out);
        }
        if (op instanceof Op.Dense d) {
            if (d.quant() != null) throw int8(node);
            return new DenseLayer(node, in, out);
        }
        if (op instanceof Op.BatchNorm) return new BatchNormLayer(node, in, out);
        if (op instanceof Op.MaxPool p) return new MaxPool(node, in, out, p);
        if (op instanceof Op.AvgPool p) return new AvgPool(node, in, out, p);
        if (op instanceof Op.GlobalAvgPool) return new GlobalAvgPool(node, in, out);
        if (op instanceof Op.Relu) return new Clamp(node, in, out, false);
        if (op instanceof Op.Relu6) return new Clamp(node, in, out, true);
        if (op instanceof Op.Add) return new Add(node, in, out);
        if (op instanceof Op.Concat) return new Concat(node, in, out);
        if (op instanceof Op.Flatten) return new Flatten(node, in, out);
        if (op instanceof Op.Softmax) return new Softmax(node, in, out);
        Layer elementwise = ElementwiseLayers.create(node, in, out);
        if (elementwise != null) return elementwise;
        throw new InvalidInputException(ErrorKind.UNSUPPORTED, "node '" + node.name() + "': the trainer has no layer for " + op.kind());
    }

    private static IllegalArgumentException int8(Node node) {
        return new InvalidInputException(ErrorKind.UNSUPPORTED, "node '" + node.name() + "' is int8-quantised; the trainer runs fp32 models only");
    }

    /** Relu: y = max(x, 0), and Relu6: y = min(max(x, 0), 6); gradient 1 where 0 &lt; x (&lt; 6), else 0. */
    static final class Clamp extends Layer {
        private static final float BIG = 0x1p100f;
        private final boolean six;

        Clamp(Node node, Shape[] in, Shape out, boolean six) {
            super(node, in, out);
            this.six = six;
        }

        /*
         * Branch-free masks, which the JIT vectorises: min(max(x * 2^100, 0), 1) is 1 for every
         * x >= 2^-100 and 0 for x <= 0; the positive values below 2^-100 get a scaled gradient.
         */
        private static void reluGrad(float[] p, float[] d, float[] o, int n) {
            for (int j = 0; j < n; j++) o[j] += d[j] * Math.min(Math.max(p[j] * BIG, 0f), 1f);
        }

        private static void relu6Grad(float[] p, float[] d, float[] o, int n) {
            for (int j = 0; j < n; j++) {
                float v = p[j];
                o[j] += d[j] * Math.min(Math.max(v * BIG, 0f), 1f) * Math.min(Math.max((6f - v) * BIG, 0f), 1f);
            }
        }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int c = x.c, hw = x.hw();
            Par.planes(x.n, c, hw, i -> {
                float[] p = x.planes[i], q = y.planes[i];
                if (six) {
                    for (int j = 0; j < hw; j++) q[j] = Math.min(Math.max(p[j], 0f), 6f);
                } else {
                    for (int j = 0; j < hw; j++) q[j] = Math.max(p[j], 0f);
                }
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int c = x.c, hw = x.hw();
            Par.planes(x.n, c, hw, i -> {
                float[] p = x.planes[i], d = dy.planes[i], o = dx.planes[i];
                if (six) relu6Grad(p, d, o, hw);
                else reluGrad(p, d, o, hw);
            });
        }
    }

    static final class Add extends Layer {
        Add(Node node, Shape[] in, Shape out) { super(node, in, out); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act a = xs[0], b = xs[1];
            int hw = y.hw(), c = y.c;
            Par.images(y.n, (long) c * hw, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] p = a.planes[i], q = b.planes[i], o = y.planes[i];
                    for (int j = 0; j < hw; j++) o[j] = p[j] + q[j];
                }
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            int hw = y.hw(), c = y.c;
            Par.images(y.n, 2L * c * hw, (t, from, to) -> {
                for (Act dx : dxs) {
                    if (dx == null) continue;
                    for (int i = from * c; i < to * c; i++) {
                        float[] d = dy.planes[i], o = dx.planes[i];
                        for (int j = 0; j < hw; j++) o[j] += d[j];
                    }
                }
            });
        }
    }

    /** Concatenation along channels; the output planes are the input planes themselves. */
    static final class Concat extends Layer {
        Concat(Node node, Shape[] in, Shape out) { super(node, in, out); }

        @Override boolean aliasesInput() { return true; }

        @Override void forward(Act[] xs, Act y, boolean training) {
            for (int b = 0; b < y.n; b++) {
                int off = 0;
                for (Act x : xs) {
                    for (int c = 0; c < x.c; c++) y.planes[b * y.c + off + c] = x.planes[b * x.c + c];
                    off += x.c;
                }
            }
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            int hw = y.hw();
            Par.images(y.n, (long) y.c * hw, (t, from, to) -> {
                for (int b = from; b < to; b++) {
                    int off = 0;
                    for (int i = 0; i < xs.length; i++) {
                        Act dx = dxs[i];
                        int ci = xs[i].c;
                        if (dx != null) {
                            for (int c = 0; c < ci; c++) {
                                float[] d = dy.planes[b * y.c + off + c], o = dx.planes[b * ci + c];
                                for (int j = 0; j < hw; j++) o[j] += d[j];
                            }
                        }
                        off += ci;
                    }
                }
            });
        }
    }

    /** C x H x W to (C*H*W) x 1 x 1, in C, H, W order. */
    static final class Flatten extends Layer {
        Flatten(Node node, Shape[] in, Shape out) { super(node, in, out); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int f = y.c, hw = x.hw();
            for (int b = 0; b < x.n; b++) {
                for (int c = 0; c < x.c; c++) {
                    float[] p = x.planes[b * x.c + c];
                    for (int j = 0; j < hw; j++) y.planes[b * f + c * hw + j][0] = p[j];
                }
            }
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int f = y.c, hw = x.hw();
            for (int b = 0; b < x.n; b++) {
                for (int c = 0; c < x.c; c++) {
                    float[] o = dx.planes[b * x.c + c];
                    for (int j = 0; j < hw; j++) o[j] += dy.planes[b * f + c * hw + j][0];
                }
            }
        }
    }

    static final class GlobalAvgPool extends Layer {
        GlobalAvgPool(Node node, Shape[] in, Shape out) { super(node, in, out); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int hw = x.hw();
            for (int i = 0; i < x.planes.length; i++) y.planes[i][0] = Gemm.sum(x.planes[i], hw) / hw;
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int hw = x.hw();
            for (int i = 0; i < x.planes.length; i++) {
                float g = dy.planes[i][0] / hw;
                float[] o = dx.planes[i];
                for (int j = 0; j < hw; j++) o[j] += g;
            }
        }
    }

    /** A pooling window of kh x kw cells moved by (sh, sw) over the input padded by (ph, pw). */
    abstract static class Pool extends Layer {
        final int kh, kw, sh, sw, ph, pw;

        Pool(Node node, Shape[] in, Shape out, Op.Pooling p) {
            super(node, in, out);
            kh = p.kernelH();
            kw = p.kernelW();
            sh = p.strideH();
            sw = p.strideW();
            ph = p.padH();
            pw = p.padW();
        }

        /** One output cell's window, clipped to the input (padded cells excluded). */
        interface Window { void at(int out, int h0, int h1, int w0, int w1); }

        /** Visits each output cell of an OH x OW plane pooled from H x W, row-major. */
        final void eachWindow(int H, int W, int OH, int OW, Window body) {
            for (int oh = 0; oh < OH; oh++) {
                int h0 = Math.max(0, oh * sh - ph), h1 = Math.min(H, oh * sh - ph + kh);
                for (int ow = 0; ow < OW; ow++) {
                    body.at(oh * OW + ow, h0, h1, Math.max(0, ow * sw - pw), Math.min(W, ow * sw - pw + kw));
                }
            }
        }
    }

    /** Max pooling; padded cells never win. Training remembers each window's winner (first on ties). */
    static final class MaxPool extends Pool {
        private int[][] argmax;

        MaxPool(Node node, Shape[] in, Shape out, Op.Pooling p) { super(node, in, out, p); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int H = x.h, W = x.w, OH = y.h, OW = y.w, c = x.c;
            if (training && (argmax == null || argmax.length != x.planes.length)) argmax = new int[x.planes.length][OH * OW];
            int[][] am = training ? argmax : null;
            boolean twoByTwo = kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0;
            Par.images(x.n, (long) c * OH * OW * kh * kw, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] p = x.planes[i], q = y.planes[i];
                    if (twoByTwo) {
                        pool2x2(p, q, am == null ? null : am[i], W, OH, OW);
                        continue;
                    }
                    int[] winners = am == null ? null : am[i];
                    eachWindow(H, W, OH, OW, (o, h0, h1, w0, w1) -> {
                        float best = Float.NEGATIVE_INFINITY;
                        int at = h0 * W + w0;
                        for (int ih = h0; ih < h1; ih++) {
                            for (int iw = w0; iw < w1; iw++) {
                                float v = p[ih * W + iw];
                                if (v > best) {
                                    best = v;
                                    at = ih * W + iw;
                                }
                            }
                        }
                        q[o] = best;
                        if (winners != null) winners[o] = at;
                    });
                }
            });
        }

        /** 2x2 windows, stride 2: the first largest of the four cells (row-major) wins. */
        private static void pool2x2(float[] p, float[] q, int[] am, int W, int OH, int OW) {
            for (int oh = 0; oh < OH; oh++) {
                int r0 = 2 * oh * W, r1 = r0 + W;
                for (int ow = 0; ow < OW; ow++) {
                    int i0 = r0 + 2 * ow, i2 = r1 + 2 * ow;
                    float best = p[i0];
                    int at = i0;
                    if (p[i0 + 1] > best) { best = p[i0 + 1]; at = i0 + 1; }
                    if (p[i2] > best) { best = p[i2]; at = i2; }
                    if (p[i2 + 1] > best) { best = p[i2 + 1]; at = i2 + 1; }
                    q[oh * OW + ow] = best;
                    if (am != null) am[oh * OW + ow] = at;
                }
            }
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act dx = dxs[0];
            if (dx == null) return;
            int n = y.hw(), c = y.c;
            Par.images(y.n, (long) c * n, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] d = dy.planes[i], o = dx.planes[i];
                    int[] a = argmax[i];
                    for (int j = 0; j < n; j++) o[a[j]] += d[j];
                }
            });
        }
    }

    /** Average pooling; padded cells are excluded from the divisor. */
    static final class AvgPool extends Pool {
        AvgPool(Node node, Shape[] in, Shape out, Op.Pooling p) { super(node, in, out, p); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int H = x.h, W = x.w, OH = y.h, OW = y.w, c = x.c;
            Par.images(x.n, (long) c * OH * OW * kh * kw, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] p = x.planes[i], q = y.planes[i];
                    eachWindow(H, W, OH, OW, (o, h0, h1, w0, w1) -> {
                        float s = 0;
                        for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) s += p[ih * W + iw];
                        q[o] = s / ((h1 - h0) * (w1 - w0));
                    });
                }
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int H = x.h, W = x.w, OH = y.h, OW = y.w, c = x.c;
            Par.images(x.n, (long) c * OH * OW * kh * kw, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] d = dy.planes[i], g = dx.planes[i];
                    eachWindow(H, W, OH, OW, (o, h0, h1, w0, w1) -> {
                        float share = d[o] / ((h1 - h0) * (w1 - w0));
                        for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) g[ih * W + iw] += share;
                    });
                }
            });
        }
    }

    /** Softmax over each image's whole C x H x W vector. */
    static final class Softmax extends Layer {
        Softmax(Node node, Shape[] in, Shape out) { super(node, in, out); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int per = x.perImage();
            float[] v = new float[per];
            for (int b = 0; b < x.n; b++) {
                x.copyImage(b, v, 0);
                float max = Float.NEGATIVE_INFINITY;
                for (float f : v) max = Math.max(max, f);
                double sum = 0;
                for (int i = 0; i < per; i++) {
                    v[i] = (float) StrictMath.exp(v[i] - max);
                    sum += v[i];
                }
                for (int i = 0; i < per; i++) v[i] = (float) (v[i] / sum);
                int hw = y.hw();
                for (int c = 0; c < y.c; c++) System.arraycopy(v, c * hw, y.planes[b * y.c + c], 0, hw);
            }
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act dx = dxs[0];
            if (dx == null) return;
            int per = y.perImage();
            float[] p = new float[per], d = new float[per];
            for (int b = 0; b < y.n; b++) {
                y.copyImage(b, p, 0);
                dy.copyImage(b, d, 0);
                double dot = 0;
                for (int i = 0; i < per; i++) dot += (double) p[i] * d[i];
                int hw = y.hw();
                for (int c = 0; c < y.c; c++) {
                    float[] o = dx.planes[b * y.c + c];
                    for (int j = 0; j < hw; j++) {
                        int i = c * hw + j;
                        o[j] += p[i] * (float) (d[i] - dot);
                    }
                }
            }
        }
    }
}
