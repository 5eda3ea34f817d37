package org.dlas.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the element-wise loops that follow most convolutions (ReLU/ReLU6, Add,
 * BatchNorm, Mul) and of the 2x2 stride-2 max pool. Each lane does the scalar loop's operations in the
 * same order: {@code FloatVector.max/min} apply {@link Math#max}/{@link Math#min} (so -0, +0 and
 * NaN come out as the scalar loop's), multiply and add stay separate (no fused multiply-add), and
 * the maximum of a window does not depend on the order of its taps. So results are bit-identical
 * to {@link ElementwiseOps}; its own class so that nothing loads FloatVector unless the
 * {@code jdk.incubator.vector} module is there ({@link #AVAILABLE}).
 */
final class VectorElementwise {
    /** True when this JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorElementwise() {}

    static void relu(float[] x, float cap, float[] y) { Loops.relu(x, cap, y); }

    static void add(float[] a, float[] b, float[] y) { Loops.add(a, b, y); }

    static void mul(float[] a, float[] b, float[] y) { Loops.mul(a, b, y); }

    /** {@code y[i] = x[i] * factor} for i in [from, to). */
    static void scale(float[] x, float factor, float[] y, int from, int to) { Loops.scale(x, factor, y, from, to); }

    /** {@code y[i] = x[i] * scale + shift} for i in [from, to). */
    static void scaleShift(float[] x, float scale, float shift, float[] y, int from, int to) { Loops.scaleShift(x, scale, shift, y, from, to); }

    /** One plane's 2x2 stride-2 max pool: {@code oh x ow} outputs from the {@code w}-wide plane at {@code ib}. */
    static void maxPool2x2(float[] x, int ib, int w, float[] y, int ob, int oh, int ow) { Loops.maxPool2x2(x, ib, w, y, ob, oh, ow); }

    private static final class Loops {
        static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        static void relu(float[] x, float cap, float[] y) {
            int i = 0;
            for (int end = S.loopBound(x.length); i < end; i += S.length()) {
                FloatVector.fromArray(S, x, i).max(0f).min(cap).intoArray(y, i);
            }
            for (; i < x.length; i++) y[i] = Math.min(Math.max(x[i], 0f), cap);
        }

        static void add(float[] a, float[] b, float[] y) {
            int i = 0;
            for (int end = S.loopBound(a.length); i < end; i += S.length()) {
                FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(y, i);
            }
            for (; i < a.length; i++) y[i] = a[i] + b[i];
        }

        static void mul(float[] a, float[] b, float[] y) {
            int i = 0;
            for (int end = S.loopBound(a.length); i < end; i += S.length()) {
                FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(y, i);
            }
            for (; i < a.length; i++) y[i] = a[i] * b[i];
        }

        static void scale(float[] x, float factor, float[] y, int from, int to) {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
                FloatVector.fromArray(S, x, i).mul(factor).intoArray(y, i);
            }
            for (; i < to; i++) y[i] = x[i] * factor;
        }

        static void scaleShift(float[] x, float scale, float shift, float[] y, int from, int to) {
            int i = from;
            for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
                FloatVector.fromArray(S, x, i).mul(scale).add(shift).intoArray(y, i);
            }
            for (; i < to; i++) y[i] = x[i] * scale + shift;
        }

        /**
         * The preferred species here too (not 8 lanes for the short rows): a second species' calls
         * make C2 inline the Vector API's shared methods for two classes, and on JDK 17 a vector
         * that merges two such paths is boxed, which slowed every other vector loop of the process.
         * A row that does not end on a whole vector ends with a vector flush with its end (its
         * first columns computed twice, to the same values).
         */
        static void maxPool2x2(float[] x, int ib, int w, float[] y, int ob, int oh, int ow) {
            float[] rows = new float[w]; // the two input rows' maximum, column by column
            int lanes = S.length(), vectors = w >= lanes ? (w + lanes - 1) / lanes : 0;
            for (int oy = 0; oy < oh; oy++) {
                int top = ib + 2 * oy * w, o = ob + oy * ow;
                for (int v = 0; v < vectors; v++) {
                    int i = Math.min(v * lanes, w - lanes);
                    FloatVector.fromArray(S, x, top + i).max(FloatVector.fromArray(S, x, top + w + i)).intoArray(rows, i);
                }
                if (vectors == 0) for (int i = 0; i < w; i++) rows[i] = Math.max(x[top + i], x[top + w + i]);
                for (int ox = 0; ox < ow; ox++) y[o + ox] = Math.max(rows[2 * ox], rows[2 * ox + 1]);
            }
        }
    }
}
