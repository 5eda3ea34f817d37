package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Each weight of one layer gets relative gaussian noise of 1%: w * (1 + 0.01 N(0,1)). */
public final class WeightNoise extends LayerWeightOperator {
    public WeightNoise() { super("weight-noise", "weights", "each weight of one conv/dense layer is perturbed by 1% gaussian noise"); }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) {
        for (int i = 0; i < w.length; i++) w[i] *= (float) (1 + 0.01 * rnd.nextGaussian());
        return new float[][] {w, b};
    }
}
