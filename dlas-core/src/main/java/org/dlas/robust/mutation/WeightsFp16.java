package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Weights and biases rounded to IEEE half precision. */
public final class WeightsFp16 extends NumberFormatOperator {
    public WeightsFp16() { super("weights-fp16", "weights and biases of all conv/dense layers rounded to fp16 (10-bit mantissa, nearest even)"); }
    @Override protected float[] round(float[] v) { float[] o = new float[v.length]; for (int i = 0; i < v.length; i++) o[i] = toHalf(v[i]); return o; }
}
