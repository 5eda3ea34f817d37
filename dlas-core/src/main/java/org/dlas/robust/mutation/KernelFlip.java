package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** The spatial kernels of one conv are flipped horizontally. */
public final class KernelFlip extends LayerWeightOperator {
    public KernelFlip() { super("kernel-flip", "layer", "the kernels of one conv are mirrored left-right"); }
    @Override protected List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.Conv2d c && c.quant() == null && c.spec().kernelW() > 1); }
    @Override protected String needs() { return "fp32 conv with kernel width > 1"; }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) {
        int s = ((Op.Conv2d) layer).spec().kernelW();
        float[] o = w.clone();
        for (int row = 0; row < w.length / s; row++) for (int x = 0; x < s; x++) o[row * s + x] = w[row * s + s - 1 - x];
        return new float[][] {o, b};
    }
}
