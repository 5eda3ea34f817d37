package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Inserts y = gamma * x + beta (a BatchNorm) right after the graph input: a preprocessing fault. */
public abstract class InputAffineOperator extends BaseOperator {
    private final float gamma, beta;
    protected InputAffineOperator(String name, String description, float gamma, float beta) {
        super(name, "input", description);
        this.gamma = gamma;
        this.beta = beta;
    }
    public float gamma() { return gamma; }
    public float beta() { return beta; }
    @Override protected List<String> candidates(Graph g) { return List.of(g.nodes().get(0).name()); }
    @Override protected String needs() { return "input"; }
    @Override protected Graph mutate(Graph g, String input, long seed) {
        return Edits.insertAfter(g, input, Edits.uniqueName(g, "mut_input_" + name().replace('-', '_')), Edits.affine(g.inputShape().channels(), gamma, beta));
    }
    /** Fashion-MNIST normalisation constants (the zoo models are trained with them). */
    static final float MEAN = Datasets.mean(Datasets.FASHION_MNIST), STD = Datasets.std(Datasets.FASHION_MNIST);
}
