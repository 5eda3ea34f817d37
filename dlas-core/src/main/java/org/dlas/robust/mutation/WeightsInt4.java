package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Narrow type: weights and biases fake-quantised to 4 bits (levels -7..7) per tensor. */
public final class WeightsInt4 extends NumberFormatOperator {
    public WeightsInt4() { super("weights-int4", "weights and biases of all conv/dense layers fake-quantised to int4 per tensor"); }
    @Override protected float[] round(float[] v) { return fakeQuant(v, 7, false); }
}
