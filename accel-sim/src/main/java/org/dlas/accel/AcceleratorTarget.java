package org.dlas.accel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.DirectPrimitive;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Base of the simulated-accelerator targets: the model's conv/dense layers run on the simulated
 * accelerator ({@link SimulatedPrimitive}), everything else (pooling, BatchNorm, activations, adds,
 * softmax) on the host's reference code, through {@link CompiledModel#compile}. The primitive axis
 * does not apply (the accelerator's dataflow is the algorithm), so only {@code direct} is accepted;
 * code generation likewise only {@code none}.
 */
public abstract class AcceleratorTarget implements HardwareTarget {

    /** Parameters every accelerator target takes, appended to its own. */
    protected static List<ParamSpec> commonParams(double defaultDramBw) {
        return List.of(
                ParamSpec.number("clock_mhz", "clock frequency in MHz: turns cycles into sim.time_ms", 200.0, 1, 10_000),
                ParamSpec.number("dram_bw", "off-chip DRAM bandwidth in bytes per cycle (layers whose traffic takes longer than their compute stall)", defaultDramBw, 0.01, 1e6),
                new ParamSpec("cost_table", String.class, "path of a .properties file overriding the energy/area table (empty: the built-in 45 nm table)", "", null, null, List.of()));
    }

    /** A network bandwidth parameter: 0 means one element per multiplier per cycle; more than that is capped there. */
    protected static int bandwidth(TargetParams p, String key, int multipliers) {
        int v = p.integer(key);
        return v == 0 ? multipliers : Math.min(v, multipliers);
    }

    /** Builds the configured accelerator from a hardware choice (defaults filled, ranges checked). */
    public abstract Accelerator accelerator(Choice hardware);

    @Override public Optional<String> unsupported(Choice hardware, Choice primitive, Choice codegen) {
        if (!"none".equals(codegen.name())) {
            return Optional.of("the " + name() + " simulator runs the model as it is; codegen '" + codegen.name() + "' needs a compiler target");
        }
        if (!DirectPrimitive.NAME.equals(primitive.name())) {
            return Optional.of("the simulated " + name() + " computes conv/dense layers in its own dataflow, so the primitive axis does not apply;"
                    + " use primitive 'direct' (the host's reference runs the other layers)");
        }
        return Optional.empty();
    }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) {
        unsupported(hardware, primitive, codegen).ifPresent(r -> { throw new InvalidInputException(ErrorKind.UNSUPPORTED, r); });
        Accelerator acc = accelerator(hardware);
        checkModel(model, acc);
        return SimulatedModel.compile(model, acc, hardware);
    }

    /** Checks the configured accelerator against the model before it is compiled (e.g. layer names in a parameter); none by default. */
    protected void checkModel(Graph model, Accelerator acc) { }

    /** Names of the conv/dense nodes of a graph, in graph order (the order CompiledModel prepares them). */
    public static List<String> macLayerNames(Graph g) {
        List<String> names = new ArrayList<>();
        for (Node n : g.nodes()) if (n.op() instanceof Op.Conv2d || n.op() instanceof Op.Dense) names.add(n.name());
        return names;
    }

    /**
     * A model on a simulated accelerator: conv/dense on the accelerator, the rest on the host.
     */
    public static final class SimulatedModel implements PreparedModel {
        private final CompiledModel compiled;
        private final Accelerator accelerator;
        private final SimStats stats;
        private final String label;

        private SimulatedModel(CompiledModel compiled, Accelerator accelerator, SimStats stats, String label) {
            this.compiled = compiled;
            this.accelerator = accelerator;
            this.stats = stats;
            this.label = label;
        }

        public static SimulatedModel compile(Graph model, Accelerator acc, Choice hardware) {
            SimStats stats = new SimStats();
            SimulatedPrimitive sim = new SimulatedPrimitive(acc, stats, macLayerNames(model));
            CompiledModel compiled = CompiledModel.compile(model, sim, Primitives.create(DirectPrimitive.NAME, Map.of()));
            return new SimulatedModel(compiled, acc, stats, hardware == null ? acc.describe() : hardware.label());
        }

        @Override public float[] infer(float[] images, int n) { return compiled.forward(images, n); }

        public SimStats stats() { return stats; }

        public Accelerator accelerator() { return accelerator; }

        public CompiledModel compiled() { return compiled; }

        @Override public Map<String, Double> extraMetrics() {
            return stats.metrics(accelerator.multipliers(), accelerator.clockMhz(), accelerator.areaMm2(stats.precision()));
        }

        @Override public String howMeasured() {
            return "latency_* is the wall-clock time of the cycle-level " + accelerator.name() + " simulator on this host (conv/dense simulated,"
                    + " other layers on the host reference), not the accelerator's; the accelerator's time is the metric 'cycles'"
                    + " (simulated cycles per inference image, averaged over every image run) and sim.time_ms at "
                    + SimStatsFormat.plain(accelerator.clockMhz()) + " MHz; energy_uj, sim.* are per image too";
        }

        @Override public String notes() {
            return accelerator.describe() + "; " + stats.perLayerSummary();
        }

        @Override public String toString() { return "SimulatedModel(" + label + ")"; }
    }

    /** Number formatting shared by targets. */
    public static final class SimStatsFormat {
        private SimStatsFormat() { }

        public static String plain(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d); }
    }
}
