package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Rounding mode change: int8 fake quantisation that truncates toward zero. */
public final class WeightsInt8Truncate extends NumberFormatOperator {
    public WeightsInt8Truncate() { super("weights-int8-truncate", "weights and biases of all conv/dense layers fake-quantised to int8 per tensor, truncating instead of rounding"); }
    @Override protected float[] round(float[] v) { return fakeQuant(v, 127, true); }
}
