package org.dlas.accel.maeri;

import java.util.List;

import org.dlas.accel.Accelerator;
import org.dlas.accel.ConfiguredTarget;
import org.dlas.accel.CostTable;
import org.dlas.accel.TargetParams;
import org.dlas.ir.Graph;
import org.dlas.spec.ParamSpec;

/** The {@code maeri} hardware target (STONNE-style parameters: ms_num is {@code multipliers}). */
public final class MaeriTarget extends ConfiguredTarget<MaeriSimulator> {
    public static final String NAME = "maeri";

    public MaeriTarget() {
        super(NAME, "cycle-level MAERI (distribution tree, multiplier switches with forwarding links, augmented reduction tree;"
                + " auto mapping per layer, or explicit ones from 'mapping')", List.of(
                ParamSpec.integer("multipliers", "multiplier switches (STONNE ms_num), a power of two", 64, 2, 1 << 16),
                ParamSpec.integer("dn_bw", "distribution network bandwidth: elements sent from the global buffer per cycle (STONNE dn_bw; 0: one per multiplier)", 16, 0, 1 << 16),
                ParamSpec.integer("rn_bw", "reduction network bandwidth: results written to the buffer per cycle (STONNE rn_bw; 0: one per multiplier)", 16, 0, 1 << 16),
                ParamSpec.integer("gb_kb", "global buffer in KiB (half inputs, half weights)", 108, 1, 1 << 20),
                new ParamSpec("mapping", String.class, "dataflow mapping per layer, e.g. \"stem.conv: T_C=1 T_K=4 T_Y'=7; *: T_K=8\""
                        + " (node name or * for every conv/dense layer not named; tiles T_R T_S T_C T_K T_G T_N T_X' T_Y', those not given are 1;"
                        + " 'auto' or not named: the automatic mapping; empty: automatic everywhere)", "", null, null, List.of()),
                new ParamSpec("timing", String.class, "cycle model: stonne (STONNE's read ports, multicast per port, accumulation buffer and"
                        + " collection-bus lines; agrees with STONNE within 5 % on most reference cases) or pipeline (dlas's earlier pooled-bandwidth model)",
                        "stonne", null, null, List.of("stonne", "pipeline"))), 32.0);
    }

    @Override protected MaeriSimulator build(TargetParams p) {
        int ms = p.powerOfTwo("multipliers");
        MaeriMappingSpec mapping = MaeriMappingSpec.parse(p.string("mapping"));
        return new MaeriSimulator(new MaeriConfig(ms, bandwidth(p, "dn_bw", ms), bandwidth(p, "rn_bw", ms), p.integer("gb_kb"),
                p.number("dram_bw"), p.number("clock_mhz"), CostTable.load(p.string("cost_table"))), mapping, p.string("timing").equals("stonne"));
    }

    /** The layers the mapping names must be conv/dense layers of the model. */
    @Override protected void checkModel(Graph model, Accelerator acc) {
        ((MaeriSimulator) acc).explicitMappings().checkLayers(macLayerNames(model));
    }
}
