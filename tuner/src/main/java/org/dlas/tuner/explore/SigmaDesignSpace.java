package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.CostTable;
import org.dlas.accel.LayerShape;
import org.dlas.accel.sigma.SigmaAnalytical;
import org.dlas.accel.sigma.SigmaConfig;
import org.dlas.accel.sigma.SigmaSimulator;

/**
 * {@code --accelerator sigma}: SIGMA's multipliers, distribution and reduction bandwidth and global
 * buffer (dense mode: the zoo's weights are dense), cycles from {@link SigmaAnalytical}'s estimate of
 * STONNE's timing, area from {@link SigmaSimulator}; the confirmation runs SigmaSimulator with STONNE's
 * timing (the sigma target's default). Bandwidths above the multipliers
 * cannot be built (the violation is the excess).
 */
public final class SigmaDesignSpace extends KnobDesignSpace {
    /** accel-sim's stated bounds on SIGMA's analytical error (AnalyticalAccuracyTest): per model, per layer. */
    public static final double STATED_MODEL_BOUND = 0.15, STATED_LAYER_BOUND = 0.30;
    private static final List<Integer> BANDWIDTHS = List.of(4, 8, 16, 32, 64, 128, 256);
    private final CostTable costs = CostTable.defaults();

    @Override public String name() { return "sigma"; }

    @Override public String description() { return "multipliers, dn_bw, rn_bw, global buffer"; }

    @Override protected List<Knob> knobs() {
        return List.of(new Knob("multipliers", List.of(16, 32, 64, 128, 256)), new Knob("dn_bw", BANDWIDTHS), new Knob("rn_bw", BANDWIDTHS),
                new Knob("gb_kb", List.of(54, 108, 216)));
    }

    /** The sigma target's defaults: 128 multipliers, full bandwidths, 108 KiB. */
    @Override protected int[] defaultDesign() { return new int[] {128, 128, 128, 108}; }

    @Override protected String defaultLabel() { return "default (sigma target defaults)"; }

    @Override protected long invalid(int[] d) { return Math.max(0, d[1] - d[0]) + Math.max(0, d[2] - d[0]); }

    private SigmaConfig config(int[] d) {
        SigmaConfig defaults = SigmaConfig.of(d[0], d[1], d[2], false);
        return new SigmaConfig(d[0], d[1], d[2], false, d[3], defaults.dramBytesPerCycle(), defaults.clockMhz(), costs);
    }

    @Override protected String label(int[] d) { return invalid(d) > 0 ? "sigma(" + d[0] + ", " + d[1] + ", " + d[2] + ", " + d[3] + " KiB)" : config(d).label(); }

    @Override protected double areaMm2(int[] d) { return new SigmaSimulator(config(d)).areaMm2(MaeriSpace.PRECISION); }

    @Override protected long cycles(int[] d, LayerShape layer) {
        return SigmaAnalytical.estimate(config(d), layer, 1, 1, MaeriSpace.PRECISION.operandBytes(), true).cycles();
    }

    @Override protected int[] summary(int[] d) { return d.clone(); }

    @Override protected CycleLevelCheck.Simulation simulator(int[] d) {
        SigmaSimulator sim = new SigmaSimulator(config(d), true); // STONNE's timing, the sigma target's default
        return (i, layer) -> sim.run(layer).stats();
    }

    @Override protected double[] statedBounds() { return new double[] {STATED_MODEL_BOUND, STATED_LAYER_BOUND}; }
}
