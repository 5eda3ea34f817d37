package org.dlas.runtime;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * Max pooling without padding: every window lies inside the image, so the loop needs none of
 * {@link ElementwiseOps#pool}'s per-tap bounds checks (2x2 stride-2 pools are most of the zoo's
 * pools; with the Vector API, 2x2 stride-2 windows run {@link VectorElementwise#maxPool2x2}); padded or
 * non-square windows go there. The maximum does not depend on the order of the taps ({@link Math#max} orders -0 below
 * +0 and lets NaN through), so the values are those of {@code ElementwiseOps.pool}, which padded
 * pools still run.
 */
final class MaxPooling {
    private MaxPooling() {}

    static float[] run(float[] x, Shape in, Shape out, int n, Op.Pooling p) {
        return run(x, in, out, n, p, null);
    }

    /** Writes into {@code into} when it has the output's length (every value is written), else into a new array. */
    static float[] run(float[] x, Shape in, Shape out, int n, Op.Pooling p, float[] into) {
        if (!p.square() || p.pad() != 0) return ElementwiseOps.pool(x, in, out, n, p, true);
        int k = p.kernel(), stride = p.stride();
        float[] y = into != null && into.length == n * out.size() ? into : new float[n * out.size()];
        int h = in.height(), w = in.width(), oh = out.height(), ow = out.width();
        boolean pairs = k == 2 && stride == 2 && VectorElementwise.AVAILABLE;
        for (int bc = 0; bc < n * in.channels(); bc++) {
            int ib = bc * h * w, ob = bc * oh * ow;
            if (pairs) {
                VectorElementwise.maxPool2x2(x, ib, w, y, ob, oh, ow);
                continue;
            }
            for (int oy = 0; oy < oh; oy++) {
                int top = ib + oy * stride * w, o = ob + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int ky = 0, row = top + ox * stride; ky < k; ky++, row += w) {
                        for (int kx = 0; kx < k; kx++) m = Math.max(m, x[row + kx]);
                    }
                    y[o + ox] = m;
                }
            }
        }
        return y;
    }
}
