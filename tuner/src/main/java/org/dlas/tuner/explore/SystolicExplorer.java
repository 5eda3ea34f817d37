package org.dlas.tuner.explore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerShape;
import org.dlas.accel.LayerStats;
import org.dlas.accel.bench.LayerCapture;
import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicArray;
import org.dlas.accel.systolic.SystolicConfig;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * The systolic-array search (cycles): OptaPlanner over rows, columns, dataflow and SRAM sizes,
 * exhaustive enumeration (the space is small), random search with the same evaluations and time,
 * and the cycle-level confirmation with {@link SystolicArray}. Energy is not modelled analytically
 * for the array: designs report 0 pJ; the confirmation reports the simulated energy.
 */
public final class SystolicExplorer {
    /** accel-sim's stated bounds on the textbook estimate (AnalyticalAccuracyTest): per model, per layer. */
    public static final double STATED_MODEL_BOUND = 0.12, STATED_LAYER_BOUND = 0.45;

    private SystolicExplorer() { }

    private record Pt(SystolicConfig cfg, long violation, long cycles) {
        boolean better(Pt o) { return o == null || violation < o.violation || (violation == o.violation && cycles < o.cycles); }
    }

    public static ExploreResult explore(String modelName, SystolicSpace space, ExploreSpec spec, List<LayerCapture.Captured> real) {
        SystolicConfig defCfg = space.config(16, 16, Dataflow.OS, 64, 64, 64);
        ExploreResult.Design def = design(space, "default (systolic target defaults)", defCfg);

        SystolicHardware h0 = space.violation(defCfg) == 0 ? new SystolicHardware(16, 16, Dataflow.OS, 64, 64, 64)
                : new SystolicHardware(space.sizes().get(0), space.sizes().get(0), space.dataflows().get(0), space.srams().get(0), space.srams().get(0),
                space.srams().get(0));
        SystolicDesign initial = new SystolicDesign(space, h0);
        List<ExploreResult.ScorePoint> trace = Collections.synchronizedList(new ArrayList<>());
        SolverConfig sc = new SolverConfig()
                .withSolutionClass(SystolicDesign.class)
                .withEntityClasses(SystolicHardware.class)
                .withEasyScoreCalculatorClass(SystolicDesign.Score.class)
                .withRandomSeed(spec.seed())
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(Duration.ofSeconds(spec.timeLimitSeconds()))
                        .withUnimprovedSpentLimit(Duration.ofMillis(Math.max(1000, spec.timeLimitSeconds() * 500L))))
                .withPhases(new LocalSearchPhaseConfig()
                        .withMoveSelectorConfig(new ChangeMoveSelectorConfig())
                        .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(200))
                        .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1)));
        Solver<SystolicDesign> solver = SolverFactory.<SystolicDesign>create(sc).buildSolver();
        solver.addEventListener(e -> {
            HardSoftLongScore s = (HardSoftLongScore) e.getNewBestScore();
            trace.add(new ExploreResult.ScorePoint(e.getTimeMillisSpent(), s.hardScore(), s.softScore()));
        });
        long t0 = System.nanoTime();
        SystolicDesign solved = solver.solve(initial);
        long solveMs = (System.nanoTime() - t0) / 1_000_000;
        long evaluations = Math.max(1, initial.evaluations().get());
        SystolicConfig bestCfg = solved.config();
        ExploreResult.Design best = design(space, "optaplanner", bestCfg);

        t0 = System.nanoTime();
        Pt rp = random(space, evaluations, Long.MAX_VALUE, spec.seed());
        long randomMs = (System.nanoTime() - t0) / 1_000_000;
        Pt rt = random(space, Long.MAX_VALUE, Math.max(1, solveMs), spec.seed() + 1);
        ExploreResult.Design rnd = design(space, "random search", rp.cfg()), rndTime = design(space, "random search (same time)", rt.cfg());

        t0 = System.nanoTime();
        Pt ex = null;
        for (int r : space.sizes()) for (int c : space.sizes()) for (Dataflow d : space.dataflows())
            for (int i : space.srams()) for (int f : space.srams()) for (int o : space.srams()) {
                Pt p = point(space, space.config(r, c, d, i, f, o));
                if (p.violation() == 0 && p.better(ex)) ex = p;
            }
        long exMs = (System.nanoTime() - t0) / 1_000_000;
        ExploreResult.Design exd = ex == null ? null : design(space, "exhaustive", ex.cfg());
        Double gapEx = exd != null && best.feasible() ? (double) (best.objective() - exd.objective()) / exd.objective() : null;

        ExploreResult.Confirmation conf = real == null ? null : confirm(bestCfg, defCfg, best, real);
        return new ExploreResult(modelName, spec, space.size(), best, def, (double) def.objective() / best.objective(), (double) def.cycles() / best.cycles(),
                exd == null ? null : exd.objective(), exd, gapEx, exMs, rnd, Explorer.gap(rnd, best), evaluations, randomMs, rndTime,
                Explorer.gap(rndTime, best), evaluations, solveMs, List.copyOf(trace), conf);
    }

    private static Pt point(SystolicSpace space, SystolicConfig cfg) {
        return new Pt(cfg, space.violation(cfg), space.cycles(cfg));
    }

    private static Pt random(SystolicSpace space, long evaluations, long millis, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
        Pt best = null;
        for (long e = 0; e < evaluations; e++) {
            if ((e & 255) == 0 && System.nanoTime() > deadline) break;
            SystolicConfig cfg = space.config(pick(space.sizes(), r), pick(space.sizes(), r), pick(space.dataflows(), r), pick(space.srams(), r),
                    pick(space.srams(), r), pick(space.srams(), r));
            Pt p = point(space, cfg);
            if (p.better(best)) best = p;
        }
        return best;
    }

    private static <T> T pick(List<T> l, SplittableRandom r) { return l.get(r.nextInt(l.size())); }

    static ExploreResult.Design design(SystolicSpace space, String label, SystolicConfig cfg) {
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

    static ExploreResult.Confirmation confirm(SystolicConfig cfg, SystolicConfig defCfg, ExploreResult.Design best, List<LayerCapture.Captured> real) {
        SystolicArray sim = new SystolicArray(cfg), defSim = new SystolicArray(defCfg);
        long cycles = 0, analytical = 0, defCycles = 0, compute = 0, aCompute = 0;
        double energy = 0, maxLayer = 0;
        int n = real.get(0).n();
        List<Long> perLayer = new ArrayList<>();
        for (LayerCapture.Captured c : real) {
            ConvLayer layer = ConvLayer.fp32(c.spec(), c.input(), c.n(), c.h(), c.w(), c.weights());
            LayerStats st = sim.run(layer).stats();
            cycles += st.cycles();
            analytical += st.analytical().cycles();
            compute += st.computeCycles();
            aCompute += st.analytical().computeCycles();
            energy += st.energyPj();
            maxLayer = Math.max(maxLayer, st.analyticalError());
            perLayer.add(st.cycles() / n);
            defCycles += defSim.run(layer).stats().cycles();
        }
        return new ExploreResult.Confirmation(n, cycles / n, energy / n, 0, 0, analytical / n, Math.abs((double) analytical - cycles) / cycles, maxLayer,
                compute / n, aCompute / n, Math.abs((double) aCompute - compute) / compute, STATED_MODEL_BOUND, STATED_LAYER_BOUND, defCycles / n,
                (double) defCycles / cycles, perLayer);
    }
}
