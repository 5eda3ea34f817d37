package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dlas.accel.LayerShape;
import org.dlas.accel.bench.LayerCapture;
import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * Design and mapping search over any {@link DesignSpace} (Bifrost-style): OptaPlanner searches the
 * space against its analytical model, the result is compared with exhaustive enumeration (where
 * the space allows) and random search with the same number of score evaluations and the same
 * time, and the best design is confirmed with the cycle-level simulator on the model's real layer
 * inputs.
 */
public final class Explorer {
    /** accel-sim's stated bounds on MAERI's analytical error (AnalyticalAccuracyTest): per model, per layer. */
    public static final double STATED_MODEL_BOUND = MaeriSearch.STATED_MODEL_BOUND, STATED_LAYER_BOUND = MaeriSearch.STATED_LAYER_BOUND;

    private int confirmImages = 1;
    private boolean runExhaustive = true;
    private long maxJointDesigns = 2_000_000;

    /** Images of the Fashion-MNIST test split the cycle-level confirmation runs (0: no confirmation). */
    public Explorer confirmImages(int n) { this.confirmImages = n; return this; }

    public Explorer exhaustive(boolean on) { this.runExhaustive = on; return this; }

    /** A conv/dense layer of a model and its shape for one image. */
    public record ModelLayer(String name, LayerShape shape) {
        public static List<String> names(List<ModelLayer> layers) { return layers.stream().map(ModelLayer::name).toList(); }

        public static List<LayerShape> shapes(List<ModelLayer> layers) { return layers.stream().map(ModelLayer::shape).toList(); }
    }

    /** The conv/dense layers of a graph (a dense layer is a 1x1 conv on a 1x1 image), batch 1. */
    public static List<ModelLayer> layers(Graph g) {
        List<ModelLayer> out = new ArrayList<>();
        for (Node node : g.nodes()) {
            String in = node.inputs().isEmpty() ? null : node.inputs().get(0);
            if (node.op() instanceof Op.Conv2d c) {
                Shape s = g.shape(in);
                out.add(new ModelLayer(node.name(), LayerShape.of(c.spec(), 1, s.height(), s.width())));
            } else if (node.op() instanceof Op.Dense d) {
                out.add(new ModelLayer(node.name(), LayerShape.of(d.spec(), 1, 1, 1)));
            }
        }
        return out;
    }

    /** Explores the design space the spec names ({@link DesignSpaces}) for {@code model}. */
    public ExploreResult explore(Graph model, ExploreSpec spec) {
        SpaceSearch<?> search = DesignSpaces.get(spec.accelerator()).search(layers(model), spec);
        return explore(model.name(), search, spec, confirmImages > 0 ? capture(model, confirmImages) : null);
    }

    /**
     * The model's conv/dense layers with the inputs of the first {@code n} Fashion-MNIST test images
     * (seeded synthetic inputs for a model whose input they do not fit, e.g. an imported one).
     */
    static List<LayerCapture.Captured> capture(Graph model, int n) {
        Dataset test = org.dlas.cli.ModelArgument.inputsFor(model, Datasets.load(Datasets.FASHION_MNIST).test(), n, 1);
        return LayerCapture.capture(model, test.images(), n);
    }

    /** Explores a given MAERI space; {@code real} (may be null) are the layers' captured inputs for the cycle-level confirmation. */
    public ExploreResult explore(String modelName, MaeriSpace space, ExploreSpec spec, List<LayerCapture.Captured> real) {
        return explore(modelName, new MaeriSearch(space), spec, real);
    }

    /** Explores a prepared space; {@code real} (may be null) are the layers' captured inputs for the cycle-level confirmation. */
    public <D> ExploreResult explore(String modelName, SpaceSearch<D> space, ExploreSpec spec, List<LayerCapture.Captured> real) {
        D defaultPoint = space.defaultDesign();
        ExploreResult.Design def = space.design(space.defaultLabel(), defaultPoint);

        List<ExploreResult.ScorePoint> trace = Collections.synchronizedList(new ArrayList<>());
        Solving.Solved<D> solved = space.solve(spec, trace);
        long evaluations = solved.evaluations();
        ExploreResult.Design best = space.design("optaplanner", solved.best());

        // random search, same number of score evaluations
        long t0 = System.nanoTime();
        D randomBest = space.random(Math.max(1, evaluations), Long.MAX_VALUE, spec.seed());
        long randomMs = (System.nanoTime() - t0) / 1_000_000;
        ExploreResult.Design rnd = space.design("random search", randomBest);
        // random search, same wall time
        ExploreResult.Design rndTime = space.design("random search (same time)", space.random(Long.MAX_VALUE, Math.max(1, solved.millis()), spec.seed() + 1));

        ExploreResult.Design ex = null;
        Double gapEx = null;
        long exMs = 0;
        if (runExhaustive) {
            t0 = System.nanoTime();
            D optimum = space.exhaustive(maxJointDesigns);
            exMs = (System.nanoTime() - t0) / 1_000_000;
            if (optimum != null) {
                ex = space.design("exhaustive", optimum);
                if (best.feasible()) gapEx = (double) (best.objective() - ex.objective()) / ex.objective();
            }
        }

        ExploreResult.Confirmation conf = real == null ? null : space.confirm(solved.best(), defaultPoint, best, real);
        return new ExploreResult(modelName, spec, space.size(), best, def, (double) def.objective() / best.objective(),
                space.cycleSpeedup(defaultPoint, def, solved.best(), best), ex == null ? null : ex.objective(), ex, gapEx, exMs,
                rnd, gap(rnd, best), Math.max(1, evaluations), randomMs, rndTime, gap(rndTime, best), evaluations, solved.millis(), List.copyOf(trace), conf);
    }

    /** (other - best) / best; +infinity when only the best is feasible, null when the best is not. */
    static Double gap(ExploreResult.Design other, ExploreResult.Design best) {
        if (!best.feasible()) return null;
        if (!other.feasible()) return Double.POSITIVE_INFINITY;
        return (double) (other.objective() - best.objective()) / best.objective();
    }
}
