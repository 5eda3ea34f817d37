package org.dlas.robust.conversion.faults;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Layouts;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/**
 * A conv's kernels come out with height and width swapped ([K, C, S, R] read as [K, C, R, S]), as
 * when a converter maps a kernel layout with the spatial axes the wrong way round.
 */
public final class TransposedKernels extends NodeFault {
    public TransposedKernels() {
        super("transposed-kernels", Stage.HYPERPARAMETERS, "one conv's square kernels are transposed (height and width axes swapped)");
    }

    @Override List<String> candidates(Graph g) {
        return Edits.nodes(g, op -> op instanceof Op.Conv2d c && !c.isInt8() && c.spec().kernelH() == c.spec().kernelW() && c.spec().kernelH() > 1);
    }

    @Override String needs() { return "fp32 conv with square kernels larger than 1x1"; }

    @Override Injection inject(Graph g, String node, long seed) {
        Op.Conv2d c = (Op.Conv2d) g.node(node).op();
        int k = c.spec().kernelH();
        float[] w = Layouts.transposeKernels(c.weight(), c.weight().length / (k * k), k, k);
        return injection(node, k + "x" + k + " kernels transposed", Edits.replaceOp(g, node, c.withWeights(w, c.bias())));
    }
}
