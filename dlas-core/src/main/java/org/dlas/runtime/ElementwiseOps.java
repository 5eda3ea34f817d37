package org.dlas.runtime;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * Reference implementations of the non-MAC operators on a batch of NCHW activations; ReLU, Add and
 * BatchNorm run {@link VectorElementwise}'s bit-identical loops when the Vector API is there.
 */
final class ElementwiseOps {
    private ElementwiseOps() { }

    static float[] relu(float[] x, float cap) {
        return relu(x, cap, new float[x.length]);
    }

    /** Writes into {@code y}, which may be {@code x} (each value depends on its own input only; so for add and batchNorm). */
    static float[] relu(float[] x, float cap, float[] y) {
        if (VectorElementwise.AVAILABLE) {
            VectorElementwise.relu(x, cap, y);
            return y;
        }
        for (int i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], 0f), cap);
        return y;
    }

    static float[] add(float[] a, float[] b) {
        return add(a, b, new float[a.length]);
    }

    static float[] add(float[] a, float[] b, float[] y) {
        if (VectorElementwise.AVAILABLE) {
            VectorElementwise.add(a, b, y);
            return y;
        }
        for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i];
        return y;
    }

    /** a * b, where b has a's shape or one value per channel of a. */
    static float[] mul(float[] a, float[] b, Shape as, Shape bs, int n) {
        return mul(a, b, as, bs, n, new float[a.length]);
    }

    /** {@link #mul} into {@code y}, which may be {@code a} or (same shapes) {@code b}. */
    static float[] mul(float[] a, float[] b, Shape as, Shape bs, int n, float[] y) {
        if (as.equals(bs)) {
            if (VectorElementwise.AVAILABLE) VectorElementwise.mul(a, b, y);
            else for (int i = 0; i < a.length; i++) y[i] = a[i] * b[i];
            return y;
        }
        int plane = as.height() * as.width();
        for (int bc = 0; bc < n * as.channels(); bc++) {
            float f = b[bc];
            int from = bc * plane, to = from + plane;
            if (VectorElementwise.AVAILABLE) VectorElementwise.scale(a, f, y, from, to);
            else for (int i = from; i < to; i++) y[i] = a[i] * f;
        }
        return y;
    }

    static float[] map(float[] x, FloatUnaryOperator f) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.apply(x[i]);
        return y;
    }

    @FunctionalInterface
    interface FloatUnaryOperator {
        float apply(float v);
    }

    static float[] prelu(float[] slope, float[] x, Shape s, int n) {
        float[] y = new float[x.length];
        int plane = s.height() * s.width();
        for (int bc = 0; bc < n * s.channels(); bc++) {
            float a = slope[bc % s.channels()];
            for (int i = bc * plane, end = i + plane; i < end; i++) y[i] = x[i] >= 0f ? x[i] : a * x[i];
        }
        return y;
    }

    /** ONNX LRN: the window spans channels c - floor((size-1)/2) .. c + ceil((size-1)/2). */
    static float[] lrn(Op.Lrn l, float[] x, Shape s, int n) {
        float[] y = new float[x.length];
        int c = s.channels(), plane = s.height() * s.width();
        int lo = (l.size() - 1) / 2, hi = l.size() - 1 - lo;
        for (int b = 0; b < n; b++) {
            int base = b * c * plane;
            for (int ch = 0; ch < c; ch++) {
                int from = Math.max(0, ch - lo), to = Math.min(c - 1, ch + hi);
                for (int i = 0; i < plane; i++) {
                    double sq = 0;
                    for (int k = from; k <= to; k++) {
                        double v = x[base + k * plane + i];
                        sq += v * v;
                    }
                    int at = base + ch * plane + i;
                    y[at] = (float) (x[at] / Math.pow(l.bias() + l.alpha() / l.size() * sq, l.beta()));
                }
            }
        }
        return y;
    }

    static float[] select(Op.Select sel, float[] x, Shape s, int n) {
        int[] ch = sel.channels(), rows = sel.rows(), cols = sel.cols();
        int plane = s.height() * s.width(), per = s.size(), outPer = ch.length * rows.length * cols.length;
        float[] y = new float[n * outPer];
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int c : ch) {
                for (int r : rows) {
                    int base = b * per + c * plane + r * s.width();
                    for (int q : cols) y[o++] = x[base + q];
                }
            }
        }
        return y;
    }

    /** Each plane resized by {@link Op.LinearResize#blend}. */
    static float[] linearResize(Op.LinearResize.Taps rows, Op.LinearResize.Taps cols, float[] x, Shape s, int n) {
        int w = s.width(), plane = s.height() * w, out = rows.first().length * cols.first().length;
        float[] y = new float[n * s.channels() * out];
        for (int bc = 0; bc < n * s.channels(); bc++) Op.LinearResize.blend(rows, cols, x, bc * plane, w, y, bc * out);
        return y;
    }

    static float[] concat(float[][] parts, Shape[] shapes, int n) {
        int total = 0;
        for (Shape s : shapes) total += s.size();
        float[] y = new float[n * total];
        for (int b = 0; b < n; b++) {
            int offset = b * total;
            for (int p = 0; p < parts.length; p++) {
                int size = shapes[p].size();
                System.arraycopy(parts[p], b * size, y, offset, size);
                offset += size;
            }
        }
        return y;
    }

    static float[] batchNorm(Op.BatchNorm bn, float[] x, Shape s, int n) {
        return batchNorm(bn, x, s, n, new float[x.length]);
    }

    /** BatchNorm's per-channel factor: {@code y = x * scale + shift} (also what a conv's fused epilogue applies). */
    static float[] batchNormScale(Op.BatchNorm bn) {
        float[] scale = new float[bn.gamma().length];
        for (int c = 0; c < scale.length; c++) scale[c] = bn.gamma()[c] / (float) Math.sqrt(bn.var()[c] + bn.eps());
        return scale;
    }

    static float[] batchNormShift(Op.BatchNorm bn, float[] scale) {
        float[] shift = new float[scale.length];
        for (int c = 0; c < shift.length; c++) shift[c] = bn.beta()[c] - bn.mean()[c] * scale[c];
        return shift;
    }

    static float[] batchNorm(Op.BatchNorm bn, float[] x, Shape s, int n, float[] y) {
        int plane = s.height() * s.width();
        float[] scales = batchNormScale(bn), shifts = batchNormShift(bn, scales);
        for (int c = 0; c < s.channels(); c++) {
            float scale = scales[c], shift = shifts[c];
            for (int b = 0; b < n; b++) {
                int base = (b * s.channels() + c) * plane;
                if (VectorElementwise.AVAILABLE) VectorElementwise.scaleShift(x, scale, shift, y, base, base + plane);
                else for (int i = 0; i < plane; i++) y[base + i] = x[base + i] * scale + shift;
            }
        }
        return y;
    }

    /** Max or average pooling; average excludes padded cells from the divisor. */
    static float[] pool(float[] x, Shape in, Shape out, int n, Op.Pooling p, boolean max) {
        int kh = p.kernelH(), kw = p.kernelW(), sh = p.strideH(), sw = p.strideW(), ph = p.padH(), pw = p.padW();
        float[] y = new float[n * out.size()];
        int c = in.channels(), h = in.height(), w = in.width();
        for (int bc = 0; bc < n * c; bc++) {
            int ib = bc * h * w, ob = bc * out.height() * out.width();
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                    int count = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * sh - ph + ky;
                        if (iy < 0 || iy >= h) continue;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * sw - pw + kx;
                            if (ix < 0 || ix >= w) continue;
                            float v = x[ib + iy * w + ix];
                            acc = max ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    }
                    y[ob + oy * out.width() + ox] = max ? acc : acc / count;
                }
            }
        }
        return y;
    }

    static float[] globalAvgPool(float[] x, Shape in, int n) {
        int plane = in.height() * in.width();
        float[] y = new float[n * in.channels()];
        for (int bc = 0; bc < y.length; bc++) {
            double s = 0;
            for (int i = 0; i < plane; i++) s += x[bc * plane + i];
            y[bc] = (float) (s / plane);
        }
        return y;
    }

    static float[] softmax(float[] x, int n) {
        int classes = x.length / n;
        float[] y = new float[x.length];
        for (int b = 0; b < n; b++) {
            int o = b * classes;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < classes; i++) m = Math.max(m, x[o + i]);
            double sum = 0;
            for (int i = 0; i < classes; i++) sum += Math.exp(x[o + i] - m);
            for (int i = 0; i < classes; i++) y[o + i] = (float) (Math.exp(x[o + i] - m) / sum);
        }
        return y;
    }
}
