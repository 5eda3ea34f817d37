package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** An equivalent mutant: a relu is applied twice (relu is idempotent), so outputs must not change. */
public final class DuplicateActivation extends BaseOperator {
    public DuplicateActivation() { super("duplicate-activation", "activation", "one relu/relu6 is applied twice (an equivalent mutant: must survive)"); }
    @Override protected List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.Relu || op instanceof Op.Relu6); }
    @Override protected String needs() { return "relu or relu6"; }
    @Override protected Graph mutate(Graph g, String node, long seed) {
        return Edits.insertAfter(g, node, Edits.uniqueName(g, node + "_dup"), g.node(node).op());
    }
}
