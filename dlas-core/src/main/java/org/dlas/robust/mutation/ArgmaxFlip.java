package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** The last dense layer is negated, so the arg-max picks the least likely class. */
public final class ArgmaxFlip extends BaseOperator {
    public ArgmaxFlip() { super("argmax-flip", "conditional", "weights and bias of the output layer are negated: arg-max becomes arg-min"); }
    @Override protected List<String> candidates(Graph g) {
        List<String> d = Edits.nodes(g, op -> op instanceof Op.Dense dd && dd.quant() == null);
        return d.isEmpty() ? d : List.of(d.get(d.size() - 1));
    }
    @Override protected String needs() { return "fp32 dense layer"; }
    @Override protected Graph mutate(Graph g, String node, long seed) {
        Op.Dense d = (Op.Dense) g.node(node).op();
        return Edits.replaceOp(g, node, d.withWeights(SignFlip.negate(d.weight()), d.bias() == null ? null : SignFlip.negate(d.bias())));
    }
}
