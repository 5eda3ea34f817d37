package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** max-pool becomes min-pool, written as neg, max-pool, neg (BatchNorms with gamma -1). */
public final class MaxPoolToMinPool extends BaseOperator {
    public MaxPoolToMinPool() { super("maxpool-to-minpool", "conditional", "one max-pool takes the minimum instead (neg -> maxpool -> neg)"); }
    @Override protected List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.MaxPool mp && mp.padH() == 0 && mp.padW() == 0); }
    @Override protected String needs() { return "unpadded max-pool"; }
    @Override protected Graph mutate(Graph g, String node, long seed) {
        String src = g.node(node).inputs().get(0);
        int c = g.shape(src).channels();
        String pre = Edits.uniqueName(g, node + "_neg_in");
        Graph a = Edits.insertAfter(g, src, pre, Edits.affine(c, -1f, 0f));
        // insertAfter rewired every reader of src; only the pool should read the negation
        a = a.mapNodes(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                var n = nodes.get(i);
                if (!n.name().equals(node) && n.inputs().contains(pre)) {
                    nodes.set(i, new org.dlas.ir.Node(n.name(), n.op(), n.inputs().stream().map(s -> s.equals(pre) ? src : s).toList()));
                }
            }
            return nodes;
        });
        return Edits.insertAfter(a, node, Edits.uniqueName(a, node + "_neg_out"), Edits.affine(c, -1f, 0f));
    }
}
