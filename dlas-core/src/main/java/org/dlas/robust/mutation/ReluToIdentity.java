package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** removes one relu/relu6 (the activation becomes the identity). */
public final class ReluToIdentity extends BaseOperator {
    public ReluToIdentity() { super("relu-to-identity", "activation", "one relu or relu6 is removed (identity activation)"); }
    @Override protected List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.Relu || op instanceof Op.Relu6); }
    @Override protected String needs() { return "relu or relu6"; }
    @Override protected Graph mutate(Graph g, String node, long seed) { return Edits.remove(g, node); }
}
