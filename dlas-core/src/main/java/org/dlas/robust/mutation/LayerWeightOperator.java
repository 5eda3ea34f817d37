package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Changes the weights/bias of exactly one fp32 conv or dense layer, chosen by the seed. */
public abstract class LayerWeightOperator extends BaseOperator {
    protected LayerWeightOperator(String name, String category, String description) { super(name, category, description); }

    @Override protected List<String> candidates(Graph g) { return Edits.macLayers(g); }
    @Override protected String needs() { return "fp32 conv or dense layer"; }

    /** New {weights, bias} from copies of the layer's arrays (bias may be null). */
    protected abstract float[][] change(Op layer, float[] w, float[] b, Random rnd);

    @Override protected Graph mutate(Graph g, String node, long seed) {
        Op op = g.node(node).op();
        float[] b = Edits.bias(op);
        float[][] nw = change(op, Edits.weight(op).clone(), b == null ? null : b.clone(), new Random(new java.util.SplittableRandom(seed).nextLong()));
        return Edits.replaceOp(g, node, Edits.withWeights(op, nw[0], nw[1]));
    }
}
