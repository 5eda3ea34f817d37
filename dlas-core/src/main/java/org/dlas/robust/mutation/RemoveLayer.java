package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Removes one shape-preserving layer (a conv/dense whose output shape equals its input shape, or a BatchNorm). */
public final class RemoveLayer extends BaseOperator {
    public RemoveLayer() { super("remove-layer", "layer", "one shape-preserving conv or BatchNorm layer is removed"); }
    @Override protected List<String> candidates(Graph g) {
        return g.nodes().stream().filter(n -> (n.op() instanceof Op.Conv2d || n.op() instanceof Op.BatchNorm)
                && !n.inputs().isEmpty() && g.shape(n.name()).equals(g.shape(n.inputs().get(0)))).map(n -> n.name()).toList();
    }
    @Override protected String needs() { return "shape-preserving conv or BatchNorm layer"; }
    @Override protected Graph mutate(Graph g, String node, long seed) { return Edits.remove(g, node); }
}
