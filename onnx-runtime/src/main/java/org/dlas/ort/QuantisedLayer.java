package org.dlas.ort;

import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;

/** The int8 parameters of a conv/dense IR node, as dlas's int8 layer uses them. */
record QuantisedLayer(String name, boolean conv, Int8Params quant, float[] bias) {

    static boolean is(Node n) { return n.op().isInt8(); }

    static QuantisedLayer of(Node n) {
        if (n.op() instanceof Op.Conv2d c && c.quant() != null) return new QuantisedLayer(n.name(), true, c.quant(), c.bias());
        if (n.op() instanceof Op.Dense d && d.quant() != null) return new QuantisedLayer(n.name(), false, d.quant(), d.bias());
        throw new IllegalArgumentException(n.name() + " (" + n.op().kind() + ") is not an int8 conv/dense layer");
    }

    int channels() { return quant.weightScales().length; }

    /** Per output channel, the scale of the int32 accumulator: input scale x weight scale. */
    float[] accumulatorScales() {
        float[] s = new float[channels()];
        for (int k = 0; k < s.length; k++) s[k] = quant.inputScale() * quant.weightScales()[k];
        return s;
    }

    /** The bias as dlas adds it to the accumulator: round(bias / (input scale x weight scale)), zeros without a bias. */
    int[] accumulatorBias() {
        int[] q = new int[channels()];
        if (bias == null) return q;
        for (int k = 0; k < q.length; k++) q[k] = Math.round(bias[k] / (quant.inputScale() * quant.weightScales()[k]));
        return q;
    }
}
