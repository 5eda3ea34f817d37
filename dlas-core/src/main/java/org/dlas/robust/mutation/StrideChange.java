package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Stride of one conv becomes 2 (from 1) where the rest of the graph still fits. */
public final class StrideChange extends BaseOperator {
    public StrideChange() { super("stride-change", "layer", "the stride of one stride-1 conv becomes 2 (only where every later shape still fits)"); }
    private static Graph strided(Graph g, String node) {
        Op.Conv2d c = (Op.Conv2d) g.node(node).op();
        var s = c.spec();
        var spec = new org.dlas.kernels.ConvSpec(s.inChannels(), s.outChannels(), s.kernelH(), s.kernelW(), 2, 2, s.padH(), s.padW(), s.groups());
        return Edits.replaceOp(g, node, new Op.Conv2d(spec, c.weight(), c.bias(), c.quant()));
    }
    @Override protected List<String> candidates(Graph g) {
        return Edits.nodes(g, op -> op instanceof Op.Conv2d c && c.spec().strideH() == 1 && c.spec().kernelH() > 1).stream().filter(n -> {
            try { strided(g, n); return true; } catch (RuntimeException e) { return false; }
        }).toList();
    }
    @Override protected String needs() { return "stride-1 conv whose stride can become 2 with all later shapes still valid (a flatten + dense fixes the size)"; }
    @Override protected Graph mutate(Graph g, String node, long seed) { return strided(g, node); }
}
