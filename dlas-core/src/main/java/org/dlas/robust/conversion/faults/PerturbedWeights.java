package org.dlas.robust.conversion.faults;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.robust.conversion.Injection;
import org.dlas.robust.conversion.Stage;
import org.dlas.robust.mutation.Edits;

/** One layer's weights come out of the converter with noise (e.g. a lossy re-encoding of the tensor). */
public final class PerturbedWeights extends NodeFault {
    /** Noise standard deviation relative to the root mean square of the layer's weights. */
    static final double RELATIVE_NOISE = 0.5;

    public PerturbedWeights() {
        super("perturbed-weights", Stage.PARAMETERS, "gaussian noise (0.5 x the RMS weight) added to one conv/dense layer's weights");
    }

    @Override List<String> candidates(Graph g) { return Edits.macLayers(g); }
    @Override String needs() { return "fp32 conv or dense layer"; }

    @Override Injection inject(Graph g, String node, long seed) {
        Op op = g.node(node).op();
        float[] w = Edits.weight(op).clone();
        double sumSq = 0;
        for (float v : w) sumSq += (double) v * v;
        double sigma = RELATIVE_NOISE * Math.sqrt(sumSq / w.length);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) w[i] += (float) (sigma * gaussian(rnd));
        Graph faulty = Edits.replaceOp(g, node, Edits.withWeights(op, w, Edits.bias(op)));
        return injection(node, String.format(Locale.ROOT, "noise of sigma %.3g on %d weights", sigma, w.length), faulty);
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
