package org.dlas.accel.systolic;

import java.util.List;

import org.dlas.accel.ConfiguredTarget;
import org.dlas.accel.CostTable;
import org.dlas.accel.TargetParams;
import org.dlas.spec.ParamSpec;

/** The {@code systolic} hardware target: a cycle-level R x C systolic array (SCALE-Sim-style parameters). */
public final class SystolicTarget extends ConfiguredTarget<SystolicArray> {
    public static final String NAME = "systolic";

    public SystolicTarget() {
        super(NAME, "cycle-level systolic array (rows x cols PEs, os/ws/is dataflow, SCALE-Sim-style SRAMs): cycles, utilisation, traffic, energy", List.of(
                ParamSpec.integer("rows", "PE rows of the array (SCALE-Sim ArrayHeight)", 16, 1, 1024),
                ParamSpec.integer("cols", "PE columns of the array (SCALE-Sim ArrayWidth)", 16, 1, 1024),
                ParamSpec.oneOf("dataflow", "os: output stationary, ws: weight stationary, is: input stationary", "os", List.of("os", "ws", "is")),
                ParamSpec.integer("ifmap_kb", "ifmap SRAM in KiB (double-buffered)", 64, 1, 1 << 20),
                ParamSpec.integer("filter_kb", "filter SRAM in KiB (double-buffered)", 64, 1, 1 << 20),
                ParamSpec.integer("ofmap_kb", "ofmap SRAM in KiB", 64, 1, 1 << 20)), 32.0);
    }

    @Override protected SystolicArray build(TargetParams p) {
        return new SystolicArray(new SystolicConfig(p.integer("rows"), p.integer("cols"), Dataflow.parse(p.string("dataflow")),
                p.integer("ifmap_kb"), p.integer("filter_kb"), p.integer("ofmap_kb"), p.number("dram_bw"), p.number("clock_mhz"),
                CostTable.load(p.string("cost_table"))));
    }
}
