package org.dlas.robust.conversion.faults;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/** A BatchNorm's epsilon is taken from the wrong attribute (the training momentum, 0.9). */
public final class WrongEpsilon extends NodeFault {
    static final float MOMENTUM = 0.9f;

    public WrongEpsilon() {
        super("wrong-epsilon", Stage.HYPERPARAMETERS, "one BatchNorm's epsilon becomes 0.9 (the momentum attribute read as epsilon)");
    }

    @Override List<String> candidates(Graph g) { return Edits.nodes(g, op -> op instanceof Op.BatchNorm); }
    @Override String needs() { return "BatchNorm (kept, not folded into a conv)"; }

    @Override Injection inject(Graph g, String node, long seed) {
        Op.BatchNorm bn = (Op.BatchNorm) g.node(node).op();
        Graph faulty = Edits.replaceOp(g, node, new Op.BatchNorm(bn.gamma(), bn.beta(), bn.mean(), bn.var(), MOMENTUM));
        return injection(node, "epsilon " + bn.eps() + " -> " + MOMENTUM, faulty);
    }
}
