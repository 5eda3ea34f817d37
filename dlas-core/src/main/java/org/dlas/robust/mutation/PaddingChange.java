package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Padding of one conv grows by 1 where the rest of the graph still fits (flatten size unchanged). */
public final class PaddingChange extends BaseOperator {
    public PaddingChange() { super("padding-change", "layer", "the padding of one conv grows by 1 (only where every later shape still fits)"); }
    private static Graph padded(Graph g, String node) {
        Op.Conv2d c = (Op.Conv2d) g.node(node).op();
        var s = c.spec();
        var spec = new org.dlas.kernels.ConvSpec(s.inChannels(), s.outChannels(), s.kernelH(), s.kernelW(), s.strideH(), s.strideW(), s.padH() + 1, s.padW() + 1, s.groups());
        return Edits.replaceOp(g, node, new Op.Conv2d(spec, c.weight(), c.bias(), c.quant()));
    }
    @Override protected List<String> candidates(Graph g) {
        return Edits.nodes(g, op -> op instanceof Op.Conv2d).stream().filter(n -> {
            try { padded(g, n); return true; } catch (RuntimeException e) { return false; }
        }).toList();
    }
    @Override protected String needs() { return "conv whose padding can grow with all later shapes still valid"; }
    @Override protected Graph mutate(Graph g, String node, long seed) { return padded(g, node); }
}
