package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Weights and biases rounded to bfloat16. */
public final class WeightsBf16 extends NumberFormatOperator {
    public WeightsBf16() { super("weights-bf16", "weights and biases of all conv/dense layers rounded to bf16 (7-bit mantissa, nearest even)"); }
    @Override protected float[] round(float[] v) { float[] o = new float[v.length]; for (int i = 0; i < v.length; i++) o[i] = roundMantissa(v[i], 7); return o; }
}
