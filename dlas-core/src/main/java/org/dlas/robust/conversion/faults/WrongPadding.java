package org.dlas.robust.conversion.faults;

import java.util.ArrayList;
import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.IrException;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/**
 * A conv gets one more pixel of padding on each side (as when a converter turns SAME padding into
 * explicit pads wrongly). Only convs where the larger output still fits the rest of the graph
 * (e.g. before a global average pooling) are candidates, so the faulty model still runs.
 */
public final class WrongPadding extends NodeFault {
    public WrongPadding() {
        super("wrong-padding", Stage.HYPERPARAMETERS, "one conv's padding grows by 1 on each side (where the graph still accepts the larger output)");
    }

    @Override List<String> candidates(Graph g) {
        List<String> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Op.Conv2d)) continue;
            try {
                padded(g, n.name());
                out.add(n.name());
            } catch (IrException | IllegalArgumentException e) {
                // the changed output shape breaks a later node: a converter bug of this kind would not load
            }
        }
        return out;
    }

    @Override String needs() { return "conv whose output shape may change (e.g. one before a global average pooling)"; }

    @Override Injection inject(Graph g, String node, long seed) {
        ConvSpec s = ((Op.Conv2d) g.node(node).op()).spec();
        return injection(node, "padding " + s.padH() + "x" + s.padW() + " -> " + (s.padH() + 1) + "x" + (s.padW() + 1), padded(g, node));
    }

    private static Graph padded(Graph g, String node) {
        Op.Conv2d c = (Op.Conv2d) g.node(node).op();
        ConvSpec s = c.spec();
        ConvSpec wrong = new ConvSpec(s.inChannels(), s.outChannels(), s.kernelH(), s.kernelW(), s.strideH(), s.strideW(),
                s.padH() + 1, s.padW() + 1, s.groups());
        return Edits.replaceOp(g, node, new Op.Conv2d(wrong, c.weight(), c.bias(), c.quant()));
    }
}
