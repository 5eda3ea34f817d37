package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Weights and biases fake-quantised to int8, symmetric per tensor, round to nearest. */
public final class WeightsInt8 extends NumberFormatOperator {
    public WeightsInt8() { super("weights-int8", "weights and biases of all conv/dense layers fake-quantised to int8 per tensor (round to nearest)"); }
    @Override protected float[] round(float[] v) { return fakeQuant(v, 127, false); }
}
