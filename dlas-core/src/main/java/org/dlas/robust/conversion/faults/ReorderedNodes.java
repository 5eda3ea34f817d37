package org.dlas.robust.conversion.faults;

import java.util.ArrayList;
import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;

/**
 * A BatchNorm and the activation after it come out in swapped order (activation, then BatchNorm),
 * as when a converter's fusion pattern emits the pair the wrong way round.
 */
public final class ReorderedNodes extends NodeFault {
    public ReorderedNodes() {
        super("reordered-nodes", Stage.GRAPH, "a BatchNorm and the Relu/Relu6 it feeds run in swapped order");
    }

    @Override List<String> candidates(Graph g) {
        List<String> out = new ArrayList<>();
        for (Node n : g.nodes()) if (n.op() instanceof Op.BatchNorm && activationAfter(g, n.name()) != null) out.add(n.name());
        return out;
    }

    @Override String needs() { return "BatchNorm read only by a Relu or Relu6"; }

    @Override Injection inject(Graph g, String bn, long seed) {
        String act = activationAfter(g, bn), before = g.node(bn).inputs().get(0);
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.name().equals(act)) continue;
            if (n.name().equals(bn)) {
                nodes.add(new Node(act, g.node(act).op(), List.of(before)));
                nodes.add(new Node(bn, n.op(), List.of(act)));
                continue;
            }
            nodes.add(new Node(n.name(), n.op(), n.inputs().stream().map(in -> in.equals(act) ? bn : in).toList()));
        }
        Graph faulty = new Graph(g.name(), nodes, g.output().equals(act) ? bn : g.output());
        return injection(bn, "'" + act + "' now runs before '" + bn + "'", faulty);
    }

    /** The Relu/Relu6 that is the only reader of {@code bn}, or null. */
    private static String activationAfter(Graph g, String bn) {
        List<String> readers = g.consumers(bn);
        if (readers.size() != 1) return null;
        Op op = g.node(readers.get(0)).op();
        return op instanceof Op.Relu || op instanceof Op.Relu6 ? readers.get(0) : null;
    }
}
