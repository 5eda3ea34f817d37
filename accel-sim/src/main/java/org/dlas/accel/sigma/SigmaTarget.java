package org.dlas.accel.sigma;

import java.util.List;

import org.dlas.accel.ConfiguredTarget;
import org.dlas.accel.CostTable;
import org.dlas.accel.TargetParams;
import org.dlas.spec.ParamSpec;

/** The {@code sigma} hardware target: cycle-level SIGMA (Benes distribution, bitmap sparsity, FAN reduction). */
public final class SigmaTarget extends ConfiguredTarget<SigmaSimulator> {
    public static final String NAME = "sigma";

    public SigmaTarget() {
        super(NAME, "cycle-level SIGMA (Benes distribution network, bitmap-compressed sparse operands, forwarding adder network)", List.of(
                ParamSpec.integer("multipliers", "processing elements (Benes ports; STONNE ms_size), a power of two", 128, 2, 1 << 16),
                ParamSpec.integer("dn_bw", "elements injected into the Benes distribution network per cycle (0: one per multiplier, SIGMA's full bandwidth)", 0, 0, 1 << 16),
                ParamSpec.integer("rn_bw", "results the forwarding adder network (FAN) writes back per cycle (0: one per multiplier)", 0, 0, 1 << 16),
                ParamSpec.flag("sparse", "bitmap-compress both operands and compute only non-zero pairs (false: dense, zeros computed)", true),
                ParamSpec.integer("gb_kb", "global buffer in KiB (half inputs, half weights)", 108, 1, 1 << 20),
                new ParamSpec("timing", String.class, "cycle model: stonne (STONNE's SparseGEMM with the filters stationary: nonzeros packed"
                        + " onto multipliers, read ports with multicast per port, collection-bus lines) or pipeline (dlas's earlier pooled-bandwidth model)",
                        "stonne", null, null, List.of("stonne", "pipeline"))), 32.0);
    }

    @Override protected SigmaSimulator build(TargetParams p) {
        int ms = p.powerOfTwo("multipliers");
        return new SigmaSimulator(new SigmaConfig(ms, bandwidth(p, "dn_bw", ms), bandwidth(p, "rn_bw", ms), p.flag("sparse"),
                p.integer("gb_kb"), p.number("dram_bw"), p.number("clock_mhz"), CostTable.load(p.string("cost_table"))), p.string("timing").equals("stonne"));
    }
}
