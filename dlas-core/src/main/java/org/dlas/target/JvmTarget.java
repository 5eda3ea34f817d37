package org.dlas.target;

import java.util.Optional;
import java.util.stream.Collectors;

import org.dlas.ir.Graph;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.runtime.LayerPlan;
import org.dlas.spec.Choice;

/**
 * The built-in target: the model runs through dlas's Java reference kernels with the chosen
 * primitive, so a sweep works with nothing else installed. Layers the primitive does not apply
 * to fall back to {@code direct}, and the row says which.
 */
public final class JvmTarget implements HardwareTarget {
    public static final String NAME = "jvm";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "Java reference kernels on this machine's JVM (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    @Override public Optional<String> unsupported(Choice hardware, Choice primitive, Choice codegen) {
        if (!"none".equals(codegen.name())) {
            return Optional.of("the jvm target runs hand-written Java kernels; codegen '" + codegen.name()
                    + "' needs a compiler target such as cpu (TVM)");
        }
        return Optional.empty();
    }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) {
        ConvPrimitive chosen = Primitives.create(primitive.name(), primitive.params());
        ConvPrimitive fallback = Primitives.create("direct", java.util.Map.of());
        CompiledModel compiled = CompiledModel.compile(model, chosen, fallback);
        String notes = compiled.plan().stream().filter(LayerPlan::fellBack)
                .map(p -> p.node() + " ran " + p.used() + " (" + p.fallbackReason() + ")")
                .collect(Collectors.joining("; "));
        return new PreparedModel() {
            @Override public float[] infer(float[] images, int n) { return compiled.forward(images, n); }
            @Override public String howMeasured() {
                return "wall-clock time of the Java " + primitive.label() + " kernels on the host JVM";
            }
            @Override public String notes() { return notes; }
        };
    }
}
