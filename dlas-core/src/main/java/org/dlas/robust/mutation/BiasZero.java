package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** The bias of one layer becomes zero. */
public final class BiasZero extends LayerWeightOperator {
    public BiasZero() { super("bias-zero", "weights", "the bias of one conv/dense layer is set to zero"); }
    @Override protected List<String> candidates(Graph g) { return super.candidates(g).stream().filter(n -> Edits.bias(g.node(n).op()) != null).toList(); }
    @Override protected String needs() { return "fp32 conv or dense layer with a bias"; }
    @Override protected float[][] change(Op layer, float[] w, float[] b, Random rnd) { return new float[][] {w, new float[b.length]}; }
}
