package org.dlas.train;

import java.util.List;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * Layers of the activations and gating operators that imported models bring (Sigmoid, Tanh,
 * HardSigmoid, Clip, PRelu, Mul, Reciprocal, LRN, Select, LinearResize), so that a pruned imported model can be fine-tuned. Each
 * forward computes what {@code CompiledModel} computes, in the same float arithmetic.
 */
final class ElementwiseLayers {
    private ElementwiseLayers() { }

    /** The layer of {@code node}'s operator, or null when it is not one of these. */
    static Layer create(Node node, Shape[] in, Shape out) {
        Op op = node.op();
        if (op instanceof Op.Sigmoid) return new Sigmoid(node, in, out);
        if (op instanceof Op.Tanh) return new Tanh(node, in, out);
        if (op instanceof Op.Reciprocal) return new Reciprocal(node, in, out);
        if (op instanceof Op.HardSigmoid h) return new HardSigmoid(node, in, out, h);
        if (op instanceof Op.Clip c) return new Clip(node, in, out, c);
        if (op instanceof Op.PRelu) return new PRelu(node, in, out);
        if (op instanceof Op.Mul) return new Mul(node, in, out);
        if (op instanceof Op.Lrn l) return new Lrn(node, in, out, l);
        if (op instanceof Op.Select sel) return new Select(node, in, out, sel);
        if (op instanceof Op.LinearResize r) return new LinearResize(node, in, out, r);
        return null;
    }

    /** A layer y = f(x) applied value by value; the derivative may use x and y. */
    abstract static class Pointwise extends Layer {
        Pointwise(Node node, Shape[] in, Shape out) { super(node, in, out); }

        abstract float value(float x);

        abstract float slope(float x, float y);

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int c = x.c, hw = x.hw();
            Par.planes(x.n, c, hw, i -> {
                float[] p = x.planes[i], q = y.planes[i];
                for (int j = 0; j < hw; j++) q[j] = value(p[j]);
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int c = x.c, hw = x.hw();
            Par.planes(x.n, c, hw, i -> {
                float[] p = x.planes[i], q = y.planes[i], d = dy.planes[i], o = dx.planes[i];
                for (int j = 0; j < hw; j++) o[j] += d[j] * slope(p[j], q[j]);
            });
        }
    }

    static final class Sigmoid extends Pointwise {
        Sigmoid(Node node, Shape[] in, Shape out) { super(node, in, out); }
        @Override float value(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }
        @Override float slope(float x, float y) { return y * (1f - y); }
    }

    static final class Tanh extends Pointwise {
        Tanh(Node node, Shape[] in, Shape out) { super(node, in, out); }
        @Override float value(float x) { return (float) Math.tanh(x); }
        @Override float slope(float x, float y) { return 1f - y * y; }
    }

    static final class Reciprocal extends Pointwise {
        Reciprocal(Node node, Shape[] in, Shape out) { super(node, in, out); }
        @Override float value(float x) { return 1f / x; }
        @Override float slope(float x, float y) { return -y * y; }
    }

    /** max(0, min(1, alpha x + beta)): slope alpha inside the ramp, 0 on the flat parts. */
    static final class HardSigmoid extends Pointwise {
        private final Op.HardSigmoid op;

        HardSigmoid(Node node, Shape[] in, Shape out, Op.HardSigmoid op) { super(node, in, out); this.op = op; }

        @Override float value(float x) { return Math.max(0f, Math.min(1f, op.alpha() * x + op.beta())); }

        @Override float slope(float x, float y) {
            float r = op.alpha() * x + op.beta();
            return r > 0f && r < 1f ? op.alpha() : 0f;
        }
    }

    /** min(max(x, lo), hi): slope 1 strictly between the bounds. */
    static final class Clip extends Pointwise {
        private final Op.Clip op;

        Clip(Node node, Shape[] in, Shape out, Op.Clip op) { super(node, in, out); this.op = op; }

        @Override float value(float x) { return Math.min(Math.max(x, op.min()), op.max()); }
        @Override float slope(float x, float y) { return x > op.min() && x < op.max() ? 1f : 0f; }
    }

    /** x for x >= 0, a[c] x otherwise; the slopes a are trained (as PyTorch's PReLU does). */
    static final class PRelu extends Layer {
        private final Param slope;

        PRelu(Node node, Shape[] in, Shape out) {
            super(node, in, out);
            slope = Param.of(node.name() + ".slope", ((Op.PRelu) node.op()).slope(), 1, false);
        }

        @Override List<Param> params() { return List.of(slope); }

        @Override Op export() { return new Op.PRelu(slope.flat()); }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int c = x.c, hw = x.hw();
            float[] a = slope.value[0];
            Par.planes(x.n, c, hw, i -> {
                float[] p = x.planes[i], q = y.planes[i];
                float s = a[i % c];
                for (int j = 0; j < hw; j++) q[j] = p[j] >= 0f ? p[j] : s * p[j];
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            int c = x.c, hw = x.hw(), n = x.n;
            float[] a = slope.value[0], ga = slope.grad[0];
            // one task per channel: each writes only its own slope's gradient, summed in image order
            Par.each(c, (long) n * hw, ch -> {
                double g = 0;
                for (int b = 0; b < n; b++) {
                    float[] p = x.planes[b * c + ch], d = dy.planes[b * c + ch];
                    float[] o = dx == null ? null : dx.planes[b * c + ch];
                    for (int j = 0; j < hw; j++) {
                        if (p[j] >= 0f) {
                            if (o != null) o[j] += d[j];
                        } else {
                            g += (double) d[j] * p[j];
                            if (o != null) o[j] += d[j] * a[ch];
                        }
                    }
                }
                ga[ch] = (float) g;
            });
        }
    }

    /** a * b, b of a's shape or one value per channel (a gate). */
    static final class Mul extends Layer {
        private final boolean perChannel;

        Mul(Node node, Shape[] in, Shape out) {
            super(node, in, out);
            perChannel = !in[0].equals(in[1]);
        }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act a = xs[0], b = xs[1];
            int c = a.c, hw = a.hw();
            Par.images(a.n, (long) c * hw, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] p = a.planes[i], q = b.planes[i], o = y.planes[i];
                    if (perChannel) {
                        float f = q[0];
                        for (int j = 0; j < hw; j++) o[j] = p[j] * f;
                    } else {
                        for (int j = 0; j < hw; j++) o[j] = p[j] * q[j];
                    }
                }
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act a = xs[0], b = xs[1], da = dxs[0], db = dxs[1];
            int c = a.c, hw = a.hw();
            Par.images(a.n, 2L * c * hw, (t, from, to) -> {
                for (int i = from * c; i < to * c; i++) {
                    float[] p = a.planes[i], q = b.planes[i], d = dy.planes[i];
                    if (perChannel) {
                        float f = q[0];
                        if (da != null) {
                            float[] o = da.planes[i];
                            for (int j = 0; j < hw; j++) o[j] += d[j] * f;
                        }
                        if (db != null) {
                            float s = 0;
                            for (int j = 0; j < hw; j++) s += d[j] * p[j];
                            db.planes[i][0] += s;
                        }
                    } else {
                        if (da != null) {
                            float[] o = da.planes[i];
                            for (int j = 0; j < hw; j++) o[j] += d[j] * q[j];
                        }
                        if (db != null) {
                            float[] o = db.planes[i];
                            for (int j = 0; j < hw; j++) o[j] += d[j] * p[j];
                        }
                    }
                }
            });
        }
    }

    /**
     * ONNX LRN, y_c = x_c * s_c^-beta with s_c = bias + alpha/size * sum of x_k^2 over the window of c
     * (channels c - floor((size-1)/2) .. c + ceil((size-1)/2)); x_k is in the window of c exactly when
     * c is in k's mirrored window, which the backward walks.
     */
    static final class Lrn extends Layer {
        private final Op.Lrn op;

        Lrn(Node node, Shape[] in, Shape out, Op.Lrn op) {
            super(node, in, out);
            this.op = op;
        }

        /** s for every channel of image b at every position, in double. */
        private double[][] scales(Act x, int b) {
            int c = x.c, hw = x.hw(), lo = (op.size() - 1) / 2, hi = op.size() - 1 - lo;
            double[][] s = new double[c][hw];
            for (int ch = 0; ch < c; ch++) {
                int from = Math.max(0, ch - lo), to = Math.min(c - 1, ch + hi);
                for (int j = 0; j < hw; j++) {
                    double sq = 0;
                    for (int k = from; k <= to; k++) {
                        double v = x.planes[b * c + k][j];
                        sq += v * v;
                    }
                    s[ch][j] = op.bias() + op.alpha() / op.size() * sq;
                }
            }
            return s;
        }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int c = x.c, hw = x.hw();
            Par.images(x.n, (long) c * hw * op.size(), (t, from, to) -> {
                for (int b = from; b < to; b++) {
                    double[][] s = scales(x, b);
                    for (int ch = 0; ch < c; ch++) {
                        float[] p = x.planes[b * c + ch], q = y.planes[b * c + ch];
                        for (int j = 0; j < hw; j++) q[j] = (float) (p[j] / Math.pow(s[ch][j], op.beta()));
                    }
                }
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int c = x.c, hw = x.hw(), lo = (op.size() - 1) / 2, hi = op.size() - 1 - lo;
            double k2 = 2.0 * op.alpha() / op.size() * op.beta();
            Par.images(x.n, 2L * c * hw * op.size(), (t, from, to) -> {
                for (int b = from; b < to; b++) {
                    double[][] s = scales(x, b);
                    // u_c = dy_c * x_c * s_c^(-beta-1): what channel c passes back through its sum
                    double[][] u = new double[c][hw];
                    for (int ch = 0; ch < c; ch++) {
                        float[] p = x.planes[b * c + ch], d = dy.planes[b * c + ch];
                        for (int j = 0; j < hw; j++) u[ch][j] = d[j] * p[j] * Math.pow(s[ch][j], -op.beta() - 1);
                    }
                    for (int k = 0; k < c; k++) {
                        int from2 = Math.max(0, k - hi), to2 = Math.min(c - 1, k + lo); // the c whose window holds k
                        float[] p = x.planes[b * c + k], d = dy.planes[b * c + k], o = dx.planes[b * c + k];
                        for (int j = 0; j < hw; j++) {
                            double back = 0;
                            for (int ch = from2; ch <= to2; ch++) back += u[ch][j];
                            o[j] += (float) (d[j] * Math.pow(s[k][j], -op.beta()) - k2 * p[j] * back);
                        }
                    }
                }
            });
        }
    }

    /** y[c][i][j] = x[channels[c]][rows[i]][cols[j]]; the backward adds each output's gradient to its source. */
    static final class Select extends Layer {
        private final Op.Select op;

        Select(Node node, Shape[] in, Shape out, Op.Select op) {
            super(node, in, out);
            this.op = op;
        }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int[] ch = op.channels(), rows = op.rows(), cols = op.cols();
            Par.images(x.n, (long) y.perImage(), (t, from, to) -> {
                for (int b = from; b < to; b++) {
                    for (int c = 0; c < ch.length; c++) {
                        float[] p = x.planes[b * x.c + ch[c]], q = y.planes[b * y.c + c];
                        for (int i = 0; i < rows.length; i++) {
                            int src = rows[i] * x.w, dst = i * cols.length;
                            for (int j = 0; j < cols.length; j++) q[dst + j] = p[src + cols[j]];
                        }
                    }
                }
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int[] ch = op.channels(), rows = op.rows(), cols = op.cols();
            // tasks own whole images, so two outputs reading one source never race
            Par.images(x.n, (long) y.perImage(), (t, from, to) -> {
                for (int b = from; b < to; b++) {
                    for (int c = 0; c < ch.length; c++) {
                        float[] d = dy.planes[b * y.c + c], o = dx.planes[b * x.c + ch[c]];
                        for (int i = 0; i < rows.length; i++) {
                            int src = rows[i] * x.w, at = i * cols.length;
                            for (int j = 0; j < cols.length; j++) o[src + cols[j]] += d[at + j];
                        }
                    }
                }
            });
        }
    }

    /** Bilinear resizing: each output blends four source pixels; the backward spreads its gradient back by the same weights. */
    static final class LinearResize extends Layer {
        private final Op.LinearResize.Taps rows, cols;

        LinearResize(Node node, Shape[] in, Shape out, Op.LinearResize op) {
            super(node, in, out);
            rows = op.rows(in[0].height());
            cols = op.cols(in[0].width());
        }

        @Override void forward(Act[] xs, Act y, boolean training) {
            Act x = xs[0];
            int c = x.c;
            Par.images(x.n, (long) c * y.h * y.w * 4, (t, from, to) -> {
                for (int p = from * c; p < to * c; p++) Op.LinearResize.blend(rows, cols, x.planes[p], 0, x.w, y.planes[p], 0);
            });
        }

        @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
            Act x = xs[0], dx = dxs[0];
            if (dx == null) return;
            int w = x.w, oh = y.h, ow = y.w, c = x.c;
            Par.images(x.n, (long) c * oh * ow * 4, (t, from, to) -> {
                for (int p = from * c; p < to * c; p++) {
                    float[] d = dy.planes[p], o = dx.planes[p];
                    for (int i = 0; i < oh; i++) {
                        int r0 = rows.first()[i] * w, r1 = rows.second()[i] * w;
                        float wr = rows.weight()[i];
                        for (int j = 0; j < ow; j++) {
                            int c0 = cols.first()[j], c1 = cols.second()[j];
                            float wc = cols.weight()[j], g = d[i * ow + j];
                            float top = g * (1f - wr), bottom = g * wr;
                            o[r0 + c0] += top * (1f - wc);
                            o[r0 + c1] += top * wc;
                            o[r1 + c0] += bottom * (1f - wc);
                            o[r1 + c1] += bottom * wc;
                        }
                    }
                }
            });
        }
    }
}
