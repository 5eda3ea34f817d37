package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Weights and bias of one layer change sign. */
public final class SignFlip extends LayerWeightOperator {
    public SignFlip() { super("sign-flip", "weights", "weights and bias of one conv/dense layer change sign"); }
    static float[] negate(float[] v) { float[] o = v.clone(); for (int i = 0; i < o.length; i++) o[i] = -o[i]; return o; }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) { return new float[][] {negate(w), b == null ? null : negate(b)}; }
}
