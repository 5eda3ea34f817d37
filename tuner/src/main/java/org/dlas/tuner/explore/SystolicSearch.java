package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dlas.accel.LayerShape;
import org.dlas.accel.bench.LayerCapture;
import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicArray;
import org.dlas.accel.systolic.SystolicConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;

/**
 * The systolic-array search (cycles): OptaPlanner over rows, columns, dataflow and SRAM sizes,
 * exhaustive enumeration (the space is small), random search, and the cycle-level confirmation
 * with {@link SystolicArray}. Energy is not modelled analytically for the array: designs report
 * 0 pJ; the confirmation reports the simulated energy.
 */
public final class SystolicSearch implements SpaceSearch<SystolicConfig> {
    /** accel-sim's stated bounds on the textbook estimate (AnalyticalAccuracyTest): per model, per layer. */
    public static final double STATED_MODEL_BOUND = 0.12, STATED_LAYER_BOUND = 0.45;

    private final SystolicSpace space;

    public SystolicSearch(SystolicSpace space) { this.space = space; }

    @Override public double size() { return space.size(); }

    @Override public SystolicConfig defaultDesign() { return space.config(16, 16, Dataflow.OS, 64, 64, 64); }

    @Override public String defaultLabel() { return "default (systolic target defaults)"; }

    @Override public Solving.Solved<SystolicConfig> solve(ExploreSpec spec, List<ExploreResult.ScorePoint> trace) {
        SystolicHardware h0 = space.violation(defaultDesign()) == 0 ? new SystolicHardware(16, 16, Dataflow.OS, 64, 64, 64)
                : new SystolicHardware(space.sizes().get(0), space.sizes().get(0), space.dataflows().get(0), space.srams().get(0), space.srams().get(0),
                space.srams().get(0));
        return Solving.solve(Solving.config(spec, SystolicDesign.class, SystolicDesign.Score.class, new ChangeMoveSelectorConfig(), SystolicHardware.class),
                new SystolicDesign(space, h0), trace, d -> d.evaluations().get(), SystolicDesign::config);
    }

    private record Pt(SystolicConfig cfg, long violation, long cycles) {
        boolean better(Pt o) { return o == null || violation < o.violation || (violation == o.violation && cycles < o.cycles); }
    }

    private Pt point(SystolicConfig cfg) {
        return new Pt(cfg, space.violation(cfg), space.cycles(cfg));
    }

    @Override public SystolicConfig random(long evaluations, long millis, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
        Pt best = null;
        for (long e = 0; e < evaluations; e++) {
            if ((e & 255) == 0 && System.nanoTime() > deadline) break;
            SystolicConfig cfg = space.config(pick(space.sizes(), r), pick(space.sizes(), r), pick(space.dataflows(), r), pick(space.srams(), r),
                    pick(space.srams(), r), pick(space.srams(), r));
            Pt p = point(cfg);
            if (p.better(best)) best = p;
        }
        return best.cfg();
    }

    private static <T> T pick(List<T> l, SplittableRandom r) { return l.get(r.nextInt(l.size())); }

    @Override public SystolicConfig exhaustive(long maxJoint) {
        Pt ex = null;
        for (int r : space.sizes()) for (int c : space.sizes()) for (Dataflow d : space.dataflows())
            for (int i : space.srams()) for (int f : space.srams()) for (int o : space.srams()) {
                Pt p = point(space.config(r, c, d, i, f, o));
                if (p.violation() == 0 && p.better(ex)) ex = p;
            }
        return ex == null ? null : ex.cfg();
    }

    @Override public ExploreResult.Design design(String label, SystolicConfig cfg) {
        List<ExploreResult.LayerChoice> lc = new ArrayList<>();
        long cycles = 0;
        for (int i = 0; i < space.layers().size(); i++) {
            LayerShape s = space.layers().get(i);
            long c = space.cycles(cfg, s);
            cycles += c;
            lc.add(new ExploreResult.LayerChoice(space.names().get(i), s + " (GEMM " + s.gemmM() + "x" + s.gemmN() + "x" + s.gemmK() + ", "
                    + cfg.dataflow().key() + ")", null, c, 0));
        }
        long v = space.violation(cfg);
        return new ExploreResult.Design(label, cfg.label(), cfg.rows() * cfg.cols(), cfg.rows(), cfg.cols(), cfg.ifmapKb() + cfg.filterKb() + cfg.ofmapKb(),
                space.areaMm2(cfg), v == 0, v, cycles, cycles, 0, lc);
    }

    @Override public ExploreResult.Confirmation confirm(SystolicConfig best, SystolicConfig defaultDesign, ExploreResult.Design bestDesign,
                                                       List<LayerCapture.Captured> real) {
        SystolicArray sim = new SystolicArray(best), defSim = new SystolicArray(defaultDesign);
        return CycleLevelCheck.confirm(real, (i, layer) -> sim.run(layer).stats(), (i, layer) -> defSim.run(layer).stats(), null,
                STATED_MODEL_BOUND, STATED_LAYER_BOUND);
    }
}
