package org.dlas.robust.mutation;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Rounds the weights and biases of every fp32 conv and dense layer to another number format. */
public abstract class NumberFormatOperator extends BaseOperator {
    protected NumberFormatOperator(String name, String description) { super(name, "arithmetic-types", description); }

    @Override protected List<String> candidates(Graph g) { return Edits.macLayers(g); }
    @Override protected String needs() { return "fp32 conv or dense layer"; }

    /** The values of one tensor in the new format (a new array). */
    protected abstract float[] round(float[] values);

    @Override protected Graph mutate(Graph g, String ignored, long seed) {
        List<String> layers = candidates(g);
        return g.mapOps(n -> {
            if (!layers.contains(n.name())) return n.op();
            Op op = n.op();
            float[] b = Edits.bias(op);
            return Edits.withWeights(op, round(Edits.weight(op)), b == null ? null : round(b));
        });
    }

    /** Round to nearest even keeping {@code mantissaBits} fraction bits (of fp32's 23). */
    public static float roundMantissa(float x, int mantissaBits) {
        if (Float.isNaN(x) || Float.isInfinite(x)) return x;
        int bits = Float.floatToRawIntBits(x);
        int drop = 23 - mantissaBits;
        int lsb = (bits >> drop) & 1;
        int rounded = bits + ((1 << (drop - 1)) - 1) + lsb;
        return Float.intBitsToFloat(rounded & ~((1 << drop) - 1));
    }

    /** IEEE half precision: 10 fraction bits, max 65504, subnormals down to 2^-24. */
    public static float toHalf(float x) {
        float a = Math.abs(x);
        if (a >= 65520f) return Math.copySign(Float.POSITIVE_INFINITY, x);
        if (a < 0x1p-14f) return Math.copySign((float) (Math.rint(a / 0x1p-24f) * 0x1p-24f), x); // subnormal grid
        return roundMantissa(x, 10);
    }

    /** Symmetric per-tensor fake quantisation to {@code levels} steps each side; truncates instead of rounding when asked. */
    public static float[] fakeQuant(float[] v, int levels, boolean truncate) {
        float max = 0;
        for (float x : v) max = Math.max(max, Math.abs(x));
        float[] out = new float[v.length];
        if (max == 0) return out;
        float scale = max / levels;
        for (int i = 0; i < v.length; i++) {
            double q = v[i] / scale;
            q = truncate ? (q < 0 ? Math.ceil(q) : Math.floor(q)) : Math.rint(q);
            q = Math.max(-levels, Math.min(levels, q));
            out[i] = (float) (q * scale);
        }
        return out;
    }
}
