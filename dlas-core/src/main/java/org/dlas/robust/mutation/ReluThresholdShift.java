package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** relu(x) becomes relu(x + 0.5): the comparison threshold moves to -0.5 (an affine BatchNorm before the relu). */
public final class ReluThresholdShift extends BaseOperator {
    public static final float DELTA = 0.5f;
    public ReluThresholdShift() { super("relu-threshold-shift", "conditional", "one relu/relu6 computes relu(x + 0.5): its threshold moves to -0.5"); }
    @Override protected List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.Relu || op instanceof Op.Relu6); }
    @Override protected String needs() { return "relu or relu6"; }
    @Override protected Graph mutate(Graph g, String node, long seed) {
        String src = g.node(node).inputs().get(0);
        String shift = Edits.uniqueName(g, node + "_shift");
        java.util.List<org.dlas.ir.Node> out = new java.util.ArrayList<>();
        for (org.dlas.ir.Node n : g.nodes()) {
            if (n.name().equals(node)) {
                out.add(org.dlas.ir.Node.of(shift, Edits.affine(g.shape(src).channels(), 1f, DELTA), src));
                out.add(org.dlas.ir.Node.of(node, n.op(), shift));
            } else out.add(n);
        }
        return new Graph(g.name(), out, g.output());
    }
}
