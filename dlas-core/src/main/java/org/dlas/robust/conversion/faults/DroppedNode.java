package org.dlas.robust.conversion.faults;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/** An activation node is lost in conversion (e.g. fused away without being applied); its readers read its input. */
public final class DroppedNode extends NodeFault {
    public DroppedNode() {
        super("dropped-node", Stage.GRAPH, "one Relu/Relu6 node is removed; its readers read its input");
    }

    @Override List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.Relu || op instanceof Op.Relu6); }
    @Override String needs() { return "Relu or Relu6 node"; }

    @Override Injection inject(Graph g, String node, long seed) {
        return injection(node, g.node(node).op().kind() + " '" + node + "' removed", Edits.remove(g, node));
    }
}
