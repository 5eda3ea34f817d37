package org.dlas.accel.sigma;

import java.util.ArrayList;
import java.util.List;

import org.dlas.accel.AcceleratorTarget;
import org.dlas.accel.CostTable;
import org.dlas.accel.TargetParams;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/** The {@code sigma} hardware target: cycle-level SIGMA (Benes distribution, bitmap sparsity, FAN reduction). */
public final class SigmaTarget extends AcceleratorTarget {
    public static final String NAME = "sigma";

    private static final List<ParamSpec> PARAMS;
    static {
        List<ParamSpec> p = new ArrayList<>(List.of(
                ParamSpec.integer("multipliers", "processing elements (Benes ports; STONNE ms_size), a power of two", 128, 2, 1 << 16),
                ParamSpec.integer("dn_bw", "elements injected into the Benes distribution network per cycle (0: one per multiplier, SIGMA's full bandwidth)", 0, 0, 1 << 16),
                ParamSpec.integer("rn_bw", "results the forwarding adder network (FAN) writes back per cycle (0: one per multiplier)", 0, 0, 1 << 16),
                ParamSpec.flag("sparse", "bitmap-compress both operands and compute only non-zero pairs (false: dense, zeros computed)", true),
                ParamSpec.integer("gb_kb", "global buffer in KiB (half inputs, half weights)", 108, 1, 1 << 20)));
        p.addAll(commonParams(32.0));
        PARAMS = List.copyOf(p);
    }

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "cycle-level SIGMA (Benes distribution network, bitmap-compressed sparse operands, forwarding adder network)";
    }

    @Override public List<ParamSpec> params() { return PARAMS; }

    @Override public SigmaSimulator accelerator(Choice hardware) {
        TargetParams p = TargetParams.resolve(hardware, PARAMS);
        int ms = p.powerOfTwo("multipliers");
        return new SigmaSimulator(new SigmaConfig(ms, bandwidth(p, "dn_bw", ms), bandwidth(p, "rn_bw", ms), p.flag("sparse"),
                p.integer("gb_kb"), p.number("dram_bw"), p.number("clock_mhz"), CostTable.load(p.string("cost_table"))));
    }
}
