package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** One output channel (filter and its bias) of one layer becomes zero. */
public final class FilterZero extends LayerWeightOperator {
    public FilterZero() { super("filter-zero", "weights", "one filter (output channel, weights and bias) of one conv/dense layer is zeroed"); }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) {
        int k = Edits.outChannels(layer), per = w.length / k, f = rnd.nextInt(k);
        java.util.Arrays.fill(w, f * per, (f + 1) * per, 0f);
        if (b != null) b[f] = 0f;
        return new float[][] {w, b};
    }
}
