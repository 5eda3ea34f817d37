package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** All weights of one layer times 1.1 (bias unchanged). */
public final class WeightScale extends LayerWeightOperator {
    public static final float FACTOR = 1.1f;
    public WeightScale() { super("weight-scale", "weights", "all weights of one conv/dense layer are multiplied by 1.1"); }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) {
        for (int i = 0; i < w.length; i++) w[i] *= FACTOR;
        return new float[][] {w, b};
    }
}
