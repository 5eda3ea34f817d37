package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.dlas.accel.LayerShape;
import org.dlas.accel.bench.LayerCapture;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;

/** The search of a {@link KnobDesignSpace} for one model: a design is one value per knob. */
final class KnobSearch implements SpaceSearch<List<Integer>> {
    private final KnobDesignSpace space;
    private final List<KnobDesignSpace.Knob> knobs;
    private final List<Explorer.ModelLayer> layers;
    private final double areaBudget;

    KnobSearch(KnobDesignSpace space, List<Explorer.ModelLayer> layers, double areaBudget) {
        this.space = space;
        this.knobs = space.knobs();
        this.layers = List.copyOf(layers);
        this.areaBudget = areaBudget;
    }

    List<KnobDesignSpace.Knob> knobs() { return knobs; }

    @Override public double size() {
        double n = 1;
        for (KnobDesignSpace.Knob k : knobs) n *= k.options().size();
        return n;
    }

    /** Hard-constraint violation: the space's own, else the area over the budget in 0.001 mm^2. */
    long violation(List<Integer> design) {
        long invalid = space.invalid(values(design));
        if (invalid > 0) return invalid;
        double over = space.areaMm2(values(design)) - areaBudget;
        return over > 0 ? (long) Math.ceil(over * 1000) : 0;
    }

    /** Analytical cycles over all layers; 0 for a design that cannot be built (its violation ranks it). */
    long cycles(List<Integer> design) {
        if (space.invalid(values(design)) > 0) return 0;
        long c = 0;
        for (Explorer.ModelLayer l : layers) c += space.cycles(values(design), l.shape());
        return c;
    }

    private boolean better(List<Integer> a, List<Integer> b) {
        if (b == null) return true;
        long va = violation(a), vb = violation(b);
        return va < vb || (va == vb && cycles(a) < cycles(b));
    }

    @Override public List<Integer> defaultDesign() { return list(space.defaultDesign()); }

    @Override public String defaultLabel() { return space.defaultLabel(); }

    @Override public Solving.Solved<List<Integer>> solve(ExploreSpec spec, List<ExploreResult.ScorePoint> trace) {
        List<Integer> start = violation(defaultDesign()) == 0 ? defaultDesign() : knobs.stream().map(k -> k.options().get(0)).toList();
        return Solving.solve(Solving.config(spec, KnobDesign.class, KnobDesign.Score.class, new ChangeMoveSelectorConfig(), KnobSetting.class),
                new KnobDesign(this, start), trace, d -> d.evaluations().get(), KnobDesign::values);
    }

    @Override public List<Integer> random(long evaluations, long millis, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
        List<Integer> best = null;
        for (long e = 0; e < evaluations; e++) {
            if ((e & 255) == 0 && System.nanoTime() > deadline) break;
            List<Integer> design = knobs.stream().map(k -> k.options().get(r.nextInt(k.options().size()))).toList();
            if (better(design, best)) best = design;
        }
        return best;
    }

    @Override public List<Integer> exhaustive(long maxJoint) {
        if (size() > maxJoint) return null;
        List<Integer> best = null;
        int[] index = new int[knobs.size()];
        while (true) {
            List<Integer> design = new ArrayList<>();
            for (int k = 0; k < index.length; k++) design.add(knobs.get(k).options().get(index[k]));
            if (violation(design) == 0 && better(design, best)) best = design;
            int k = 0;
            while (k < index.length && ++index[k] == knobs.get(k).options().size()) index[k++] = 0;
            if (k == index.length) return best;
        }
    }

    @Override public ExploreResult.Design design(String label, List<Integer> design) {
        int[] v = values(design);
        boolean buildable = space.invalid(v) == 0;
        List<ExploreResult.LayerChoice> choices = new ArrayList<>();
        for (Explorer.ModelLayer l : layers) {
            choices.add(new ExploreResult.LayerChoice(l.name(), l.shape().toString(), null, buildable ? space.cycles(v, l.shape()) : 0, 0));
        }
        long violation = violation(design), cycles = cycles(design);
        int[] s = space.summary(v);
        return new ExploreResult.Design(label, space.label(v), s[0], s[1], s[2], s[3], buildable ? space.areaMm2(v) : 0, violation == 0, violation,
                cycles, cycles, 0, choices);
    }

    @Override public ExploreResult.Confirmation confirm(List<Integer> best, List<Integer> defaultDesign, ExploreResult.Design bestDesign,
                                                       List<LayerCapture.Captured> real) {
        CycleLevelCheck.Simulation sim = space.simulator(values(best)), defSim = space.simulator(values(defaultDesign));
        if (sim == null || defSim == null) return null;
        double[] bounds = space.statedBounds();
        return CycleLevelCheck.confirm(real, sim, defSim, null, bounds[0], bounds[1]);
    }

    private static int[] values(List<Integer> design) { return design.stream().mapToInt(Integer::intValue).toArray(); }

    private static List<Integer> list(int[] values) { return Arrays.stream(values).boxed().toList(); }
}
