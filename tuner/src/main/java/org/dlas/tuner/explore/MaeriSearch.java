package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.List;

import org.dlas.accel.LayerShape;
import org.dlas.accel.bench.LayerCapture;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriMapper;
import org.dlas.accel.maeri.MaeriMapping;
import org.dlas.accel.maeri.MaeriSimulator;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;

/**
 * The MAERI search (Bifrost-style): OptaPlanner tunes the hardware configuration and every layer's
 * mapping together against the analytical model ({@link MaeriSpace}); exhaustive enumeration and
 * random search from {@link Baselines}; the confirmation runs {@link MaeriSimulator}.
 */
final class MaeriSearch implements SpaceSearch<Baselines.Point> {
    /** Default MAERI design: the maeri target's defaults (64 multipliers, dn_bw 16, rn_bw 16, 108 KiB) with {@link MaeriMapper#best} mappings. */
    static final int[] DEFAULT_HW = {64, 16, 16, 108};
    /** accel-sim's stated bounds on MAERI's analytical error (AnalyticalAccuracyTest): per model, per layer. */
    static final double STATED_MODEL_BOUND = 0.10, STATED_LAYER_BOUND = 0.20;

    private final MaeriSpace space;

    MaeriSearch(MaeriSpace space) { this.space = space; }

    @Override public double size() { return space.size(); }

    @Override public Baselines.Point defaultDesign() {
        MaeriConfig defCfg = space.config(DEFAULT_HW[0], DEFAULT_HW[1], DEFAULT_HW[2], DEFAULT_HW[3]);
        return point(DEFAULT_HW, space.layers().stream().map(s -> MaeriMapper.best(defCfg, s)).toList());
    }

    @Override public String defaultLabel() { return "default (maeri target defaults + MaeriMapper.best)"; }

    @Override public Solving.Solved<Baselines.Point> solve(ExploreSpec spec, List<ExploreResult.ScorePoint> trace) {
        UnionMoveSelectorConfig moves = new UnionMoveSelectorConfig(List.of(new ChangeMoveSelectorConfig(),
                new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(DesignMoveFactory.class)));
        return Solving.solve(Solving.config(spec, MaeriDesign.class, DesignScore.class, moves, LayerMapping.class, HardwareConfig.class),
                initial(space), trace, d -> d.evaluations().get(), solved -> {
                    HardwareConfig hw = solved.getHardware();
                    return point(new int[] {hw.getMultipliers(), hw.getDnBw(), hw.getRnBw(), hw.getGbKb()}, solved.mappings());
                });
    }

    @Override public Baselines.Point random(long evaluations, long millis, long seed) {
        return millis == Long.MAX_VALUE ? Baselines.random(space, evaluations, seed) : Baselines.randomFor(space, millis, seed);
    }

    @Override public Baselines.Point exhaustive(long maxJoint) { return Baselines.exhaustive(space, maxJoint); }

    @Override public ExploreResult.Design design(String label, Baselines.Point p) {
        MaeriSpace.Eval e = space.evaluate(p.ms(), p.dn(), p.rn(), p.gb(), p.mappings());
        MaeriConfig cfg = space.config(p.ms(), p.dn(), p.rn(), p.gb());
        List<ExploreResult.LayerChoice> lc = new ArrayList<>();
        long cycles = 0;
        double energy = 0;
        for (int i = 0; i < p.mappings().size(); i++) {
            LayerShape s = space.layers().get(i);
            long c = space.cycles(cfg, s, p.mappings().get(i));
            double en = space.energyPj(cfg, s, p.mappings().get(i));
            cycles += c;
            energy += en;
            lc.add(new ExploreResult.LayerChoice(space.names().get(i), s.toString(), p.mappings().get(i), c, en));
        }
        return new ExploreResult.Design(label, cfg.label(), p.ms(), p.dn(), p.rn(), p.gb(), e.areaMm2(), e.hardViolation() == 0, e.hardViolation(),
                e.objective(), cycles, energy, lc);
    }

    @Override public double cycleSpeedup(Baselines.Point defaultDesign, ExploreResult.Design def, Baselines.Point best, ExploreResult.Design bestDesign) {
        // with the energy objective the designs' cycles are not needed by the objective: fill them in for the report
        if (!space.objective().equals("energy")) return SpaceSearch.super.cycleSpeedup(defaultDesign, def, best, bestDesign);
        return (double) totalCycles(DEFAULT_HW, defaultDesign.mappings())
                / totalCycles(new int[] {bestDesign.multipliers(), bestDesign.dnBw(), bestDesign.rnBw(), bestDesign.gbKb()}, best.mappings());
    }

    @Override public ExploreResult.Confirmation confirm(Baselines.Point best, Baselines.Point defaultDesign, ExploreResult.Design bestDesign,
                                                       List<LayerCapture.Captured> real) {
        MaeriSimulator sim = new MaeriSimulator(space.config(bestDesign.multipliers(), bestDesign.dnBw(), bestDesign.rnBw(), bestDesign.gbKb()));
        MaeriSimulator defSim = new MaeriSimulator(space.config(DEFAULT_HW[0], DEFAULT_HW[1], DEFAULT_HW[2], DEFAULT_HW[3]));
        return CycleLevelCheck.confirm(real, (i, layer) -> sim.run(layer, best.mappings().get(i)).stats(),
                (i, layer) -> defSim.run(layer, defaultDesign.mappings().get(i)).stats(), bestDesign.energyPj(), STATED_MODEL_BOUND, STATED_LAYER_BOUND);
    }

    private Baselines.Point point(int[] hw, List<MaeriMapping> maps) {
        return new Baselines.Point(hw[0], hw[1], hw[2], hw[3], maps, space.evaluate(hw[0], hw[1], hw[2], hw[3], maps));
    }

    private long totalCycles(int[] hw, List<MaeriMapping> maps) {
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
}
