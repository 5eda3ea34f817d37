package org.dlas.accel.maeri;

import java.util.ArrayList;
import java.util.List;

import org.dlas.accel.AcceleratorTarget;
import org.dlas.accel.CostTable;
import org.dlas.accel.TargetParams;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/** The {@code maeri} hardware target (STONNE-style parameters: ms_num is {@code multipliers}). */
public final class MaeriTarget extends AcceleratorTarget {
    public static final String NAME = "maeri";

    private static final List<ParamSpec> PARAMS;
    static {
        List<ParamSpec> p = new ArrayList<>(List.of(
                ParamSpec.integer("multipliers", "multiplier switches (STONNE ms_num), a power of two", 64, 2, 1 << 16),
                ParamSpec.integer("dn_bw", "distribution network bandwidth: elements sent from the global buffer per cycle (STONNE dn_bw; 0: one per multiplier)", 16, 0, 1 << 16),
                ParamSpec.integer("rn_bw", "reduction network bandwidth: results written to the buffer per cycle (STONNE rn_bw; 0: one per multiplier)", 16, 0, 1 << 16),
                ParamSpec.integer("gb_kb", "global buffer in KiB (half inputs, half weights)", 108, 1, 1 << 20)));
        p.addAll(commonParams(32.0));
        PARAMS = List.copyOf(p);
    }

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "cycle-level MAERI (distribution tree, multiplier switches with forwarding links, augmented reduction tree; auto mapping per layer)";
    }

    @Override public List<ParamSpec> params() { return PARAMS; }

    @Override public MaeriSimulator accelerator(Choice hardware) {
        TargetParams p = TargetParams.resolve(hardware, PARAMS);
        int ms = p.powerOfTwo("multipliers");
        return new MaeriSimulator(new MaeriConfig(ms, bandwidth(p, "dn_bw", ms), bandwidth(p, "rn_bw", ms), p.integer("gb_kb"),
                p.number("dram_bw"), p.number("clock_mhz"), CostTable.load(p.string("cost_table"))));
    }
}
