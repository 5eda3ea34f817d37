package org.dlas.tuner.explore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerShape;
import org.dlas.accel.LayerStats;
import org.dlas.accel.bench.LayerCapture;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriMapper;
import org.dlas.accel.maeri.MaeriMapping;
import org.dlas.accel.maeri.MaeriSimulator;
import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * Design and mapping search for a reconfigurable accelerator (Bifrost-style): OptaPlanner tunes the
 * hardware configuration and every layer's mapping together against the analytical model, the
 * result is compared with exhaustive enumeration (where the space allows) and random search with
 * the same number of score evaluations, and the best design is confirmed with the cycle-level
 * simulator on the model's real layer inputs.
 */
public final class Explorer {
    /** Default MAERI design: the maeri target's defaults (64 multipliers, dn_bw 16, rn_bw 16, 108 KiB) with {@link MaeriMapper#best} mappings. */
    public static final int[] DEFAULT_HW = {64, 16, 16, 108};
    /** accel-sim's stated bounds on MAERI's analytical error (AnalyticalAccuracyTest): per model, per layer. */
    public static final double STATED_MODEL_BOUND = 0.10, STATED_LAYER_BOUND = 0.20;

    private int confirmImages = 1;
    private boolean runExhaustive = true;
    private long maxJointDesigns = 2_000_000;

    /** Images of the Fashion-MNIST test split the cycle-level confirmation runs (0: no confirmation). */
    public Explorer confirmImages(int n) { this.confirmImages = n; return this; }

    public Explorer exhaustive(boolean on) { this.runExhaustive = on; return this; }

    /** A conv/dense layer of a model and its shape for one image. */
    public record ModelLayer(String name, LayerShape shape) { }

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

    public ExploreResult explore(Graph model, ExploreSpec spec) {
        List<ModelLayer> ls = layers(model);
        if (spec.accelerator().equals("systolic")) {
            SystolicSpace sys = SystolicSpace.standard(ls.stream().map(ModelLayer::name).toList(), ls.stream().map(ModelLayer::shape).toList(),
                    spec.objective(), spec.areaBudgetMm2());
            return SystolicExplorer.explore(model.name(), sys, spec, confirmImages > 0 ? capture(model, confirmImages) : null);
        }
        MaeriSpace space = MaeriSpace.standard(ls.stream().map(ModelLayer::name).toList(), ls.stream().map(ModelLayer::shape).toList(),
                spec.objective(), spec.areaBudgetMm2());
        return explore(model.name(), space, spec, confirmImages > 0 ? capture(model, confirmImages) : null);
    }

    /**
     * The model's conv/dense layers with the inputs of the first {@code n} Fashion-MNIST test images
     * (seeded synthetic inputs for a model whose input they do not fit, e.g. an imported one).
     */
    static List<LayerCapture.Captured> capture(Graph model, int n) {
        Dataset test = org.dlas.cli.ModelArgument.inputsFor(model, Datasets.load(Datasets.FASHION_MNIST).test(), n, 1);
        return LayerCapture.capture(model, test.images(), n);
    }

    /** Explores a given space; {@code real} (may be null) are the layers' captured inputs for the cycle-level confirmation. */
    public ExploreResult explore(String modelName, MaeriSpace space, ExploreSpec spec, List<LayerCapture.Captured> real) {
        // default design
        MaeriConfig defCfg = space.config(DEFAULT_HW[0], DEFAULT_HW[1], DEFAULT_HW[2], DEFAULT_HW[3]);
        List<MaeriMapping> defMaps = space.layers().stream().map(s -> MaeriMapper.best(defCfg, s)).toList();
        ExploreResult.Design def = design(space, "default (maeri target defaults + MaeriMapper.best)", DEFAULT_HW[0], DEFAULT_HW[1], DEFAULT_HW[2],
                DEFAULT_HW[3], defMaps);

        // OptaPlanner
        MaeriDesign initial = initial(space);
        List<ExploreResult.ScorePoint> trace = Collections.synchronizedList(new ArrayList<>());
        Solver<MaeriDesign> solver = SolverFactory.<MaeriDesign>create(solverConfig(spec)).buildSolver();
        solver.addEventListener(e -> {
            HardSoftLongScore s = (HardSoftLongScore) e.getNewBestScore();
            trace.add(new ExploreResult.ScorePoint(e.getTimeMillisSpent(), s.hardScore(), s.softScore()));
        });
        long t0 = System.nanoTime();
        MaeriDesign solved = solver.solve(initial);
        long solveMs = (System.nanoTime() - t0) / 1_000_000;
        long evaluations = initial.evaluations().get();
        HardwareConfig hw = solved.getHardware();
        ExploreResult.Design best = design(space, "optaplanner", hw.getMultipliers(), hw.getDnBw(), hw.getRnBw(), hw.getGbKb(), solved.mappings());

        // random search, same number of score evaluations
        t0 = System.nanoTime();
        Baselines.Point rp = Baselines.random(space, Math.max(1, evaluations), spec.seed());
        long randomMs = (System.nanoTime() - t0) / 1_000_000;
        ExploreResult.Design rnd = design(space, "random search", rp.ms(), rp.dn(), rp.rn(), rp.gb(), rp.mappings());
        Double gapRandom = gap(rnd, best);
        // random search, same wall time
        Baselines.Point rt = Baselines.randomFor(space, Math.max(1, solveMs), spec.seed() + 1);
        ExploreResult.Design rndTime = design(space, "random search (same time)", rt.ms(), rt.dn(), rt.rn(), rt.gb(), rt.mappings());
        Double gapRandomTime = gap(rndTime, best);

        // exhaustive
        ExploreResult.Design ex = null;
        Double gapEx = null;
        long exMs = 0;
        if (runExhaustive) {
            t0 = System.nanoTime();
            Baselines.Point ep = Baselines.exhaustive(space, maxJointDesigns);
            exMs = (System.nanoTime() - t0) / 1_000_000;
            if (ep != null) {
                ex = design(space, "exhaustive", ep.ms(), ep.dn(), ep.rn(), ep.gb(), ep.mappings());
                if (best.feasible()) gapEx = (double) (best.objective() - ex.objective()) / ex.objective();
            }
        }

        ExploreResult.Confirmation conf = real == null ? null : confirm(space, best, solved.mappings(), defMaps, real);
        double speedup = (double) def.objective() / best.objective();
        double cycleSpeedup = (double) def.cycles() / best.cycles();
        if (space.objective().equals("energy")) {
            // cycles were not needed by the objective: fill them in for the report
            cycleSpeedup = (double) totalCycles(space, DEFAULT_HW, defMaps) / totalCycles(space,
                    new int[] {best.multipliers(), best.dnBw(), best.rnBw(), best.gbKb()}, solved.mappings());
        }
        return new ExploreResult(modelName, spec, space.size(), best, def, speedup, cycleSpeedup, ex == null ? null : ex.objective(), ex, gapEx, exMs,
                rnd, gapRandom, Math.max(1, evaluations), randomMs, rndTime, gapRandomTime, evaluations, solveMs, List.copyOf(trace), conf);
    }

    /** (other - best) / best; +infinity when only the best is feasible, null when the best is not. */
    static Double gap(ExploreResult.Design other, ExploreResult.Design best) {
        if (!best.feasible()) return null;
        if (!other.feasible()) return Double.POSITIVE_INFINITY;
        return (double) (other.objective() - best.objective()) / best.objective();
    }

    static long totalCycles(MaeriSpace space, int[] hw, List<MaeriMapping> maps) {
        MaeriConfig cfg = space.config(hw[0], hw[1], hw[2], hw[3]);
        long c = 0;
        for (int i = 0; i < maps.size(); i++) c += space.cycles(cfg, space.layers().get(i), maps.get(i));
        return c;
    }

    /** All-ones mappings (always valid) on the default hardware, or on the smallest options if the default is over budget. */
    static MaeriDesign initial(MaeriSpace space) {
        int[] hw = DEFAULT_HW;
        boolean inSpace = space.multipliers().contains(hw[0]) && space.dnBw().contains(hw[1]) && space.rnBw().contains(hw[2]) && space.gbKb().contains(hw[3]);
        if (!inSpace || space.hardwareViolation(hw[0], hw[1], hw[2], hw[3]) > 0) {
            hw = new int[] {space.multipliers().get(0), space.dnBw().get(0), space.rnBw().get(0), space.gbKb().get(0)};
        }
        List<MaeriMapping> ones = space.layers().stream().map(s -> new MaeriMapping(1, 1, 1, 1, 1, 1, 1, 1)).toList();
        return new MaeriDesign(space, new HardwareConfig(hw[0], hw[1], hw[2], hw[3]), ones);
    }

    static SolverConfig solverConfig(ExploreSpec spec) {
        LocalSearchPhaseConfig ls = new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(new UnionMoveSelectorConfig(List.of(new ChangeMoveSelectorConfig(),
                        new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(DesignMoveFactory.class))))
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(200))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
        return new SolverConfig()
                .withSolutionClass(MaeriDesign.class)
                .withEntityClasses(LayerMapping.class, HardwareConfig.class)
                .withEasyScoreCalculatorClass(DesignScore.class)
                .withRandomSeed(spec.seed())
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(Duration.ofSeconds(spec.timeLimitSeconds()))
                        .withUnimprovedSpentLimit(Duration.ofMillis(Math.max(1000, spec.timeLimitSeconds() * 500L))))
                .withPhases(ls);
    }

    static ExploreResult.Design design(MaeriSpace space, String label, int ms, int dn, int rn, int gb, List<MaeriMapping> maps) {
        MaeriSpace.Eval e = space.evaluate(ms, dn, rn, gb, maps);
        MaeriConfig cfg = space.config(ms, dn, rn, gb);
        List<ExploreResult.LayerChoice> lc = new ArrayList<>();
        long cycles = 0;
        double energy = 0;
        for (int i = 0; i < maps.size(); i++) {
            LayerShape s = space.layers().get(i);
            long c = space.cycles(cfg, s, maps.get(i));
            double en = space.energyPj(cfg, s, maps.get(i));
            cycles += c;
            energy += en;
            lc.add(new ExploreResult.LayerChoice(space.names().get(i), s.toString(), maps.get(i), c, en));
        }
        return new ExploreResult.Design(label, cfg.label(), ms, dn, rn, gb, e.areaMm2(), e.hardViolation() == 0, e.hardViolation(), e.objective(), cycles, energy, lc);
    }

    static ExploreResult.Confirmation confirm(MaeriSpace space, ExploreResult.Design best, List<MaeriMapping> maps, List<MaeriMapping> defMaps,
                                              List<LayerCapture.Captured> real) {
        MaeriSimulator sim = new MaeriSimulator(space.config(best.multipliers(), best.dnBw(), best.rnBw(), best.gbKb()));
        MaeriSimulator defSim = new MaeriSimulator(space.config(DEFAULT_HW[0], DEFAULT_HW[1], DEFAULT_HW[2], DEFAULT_HW[3]));
        long cycles = 0, analytical = 0, defCycles = 0, compute = 0, aCompute = 0;
        double energy = 0, maxLayer = 0;
        int n = real.get(0).n();
        List<Long> perLayer = new ArrayList<>();
        for (int i = 0; i < real.size(); i++) {
            LayerCapture.Captured c = real.get(i);
            ConvLayer layer = ConvLayer.fp32(c.spec(), c.input(), c.n(), c.h(), c.w(), c.weights());
            LayerStats st = sim.run(layer, maps.get(i)).stats();
            cycles += st.cycles();
            analytical += st.analytical().cycles();
            compute += st.computeCycles();
            aCompute += st.analytical().computeCycles();
            energy += st.energyPj();
            maxLayer = Math.max(maxLayer, st.analyticalError());
            perLayer.add(st.cycles() / n);
            defCycles += defSim.run(layer, defMaps.get(i)).stats().cycles();
        }
        double err = Math.abs((double) analytical - cycles) / cycles;
        double aEnergy = best.energyPj();
        return new ExploreResult.Confirmation(n, cycles / n, energy / n, aEnergy, Math.abs(aEnergy - energy / n) / (energy / n), analytical / n, err, maxLayer,
                compute / n, aCompute / n, Math.abs((double) aCompute - compute) / compute, STATED_MODEL_BOUND, STATED_LAYER_BOUND,
                defCycles / n, (double) defCycles / cycles, perLayer);
    }
}
