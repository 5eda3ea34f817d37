package org.dlas.robust.conversion.faults;

import java.util.ArrayList;
import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Layouts;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/**
 * A dense layer reading a flattened C x H x W feature map gets its weight columns in NHWC
 * (channel-last) order instead of NCHW, as when a converter from a channel-last framework skips
 * the transpose.
 */
public final class SwappedLayout extends NodeFault {
    public SwappedLayout() {
        super("swapped-layout", Stage.HYPERPARAMETERS, "a dense layer after Flatten gets its weight columns in NHWC instead of NCHW order");
    }

    @Override List<String> candidates(Graph g) {
        List<String> out = new ArrayList<>();
        for (Node n : g.nodes()) if (n.op() instanceof Op.Dense && flattenedFeatureMap(g, n) != null) out.add(n.name());
        return out;
    }

    @Override String needs() { return "dense layer after a Flatten of a feature map larger than 1x1"; }

    @Override Injection inject(Graph g, String node, long seed) {
        Op.Dense d = (Op.Dense) g.node(node).op();
        Shape map = flattenedFeatureMap(g, g.node(node));
        int[] toNhwc = Layouts.nchwToNhwcColumns(map.channels(), map.height(), map.width());
        float[] w = Layouts.permuteColumns(d.weight(), d.out(), d.in(), toNhwc);
        return injection(node, "weight columns of " + map + " in NHWC order", Edits.replaceOp(g, node, d.withWeights(w, d.bias())));
    }

    /** The C x H x W shape flattened into {@code dense}, or null when its input is no Flatten of a map larger than 1x1. */
    static Shape flattenedFeatureMap(Graph g, Node dense) {
        Node in = g.node(dense.inputs().get(0));
        if (!(in.op() instanceof Op.Flatten)) return null;
        Shape s = g.shape(in.inputs().get(0));
        return s.height() * s.width() > 1 && s.channels() > 1 ? s : null;
    }
}
