package org.dlas.sweep;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dlas.compression.Compressions;
import org.dlas.data.Datasets;
import org.dlas.kernels.Primitives;
import org.dlas.spec.Axis;
import org.dlas.spec.ChoiceCatalog;
import org.dlas.spec.ParamSpec;
import org.dlas.target.HardwareTarget;
import org.dlas.target.Targets;

/** What this installation accepts on each axis: built from the registries and installed targets. */
public final class StackCatalog implements ChoiceCatalog {

    @Override public Set<String> names(Axis axis) {
        return switch (axis) {
            case DATASET -> new LinkedHashSet<>(Datasets.names());
            case MODEL -> ModelSource.names();
            case COMPRESSION -> new LinkedHashSet<>(Compressions.names());
            case PRIMITIVE -> new LinkedHashSet<>(Primitives.names());
            case CODEGEN -> codegens();
            case HARDWARE -> new LinkedHashSet<>(Targets.installed().keySet());
        };
    }

    @Override public List<ParamSpec> params(Axis axis, String name) {
        return switch (axis) {
            case MODEL -> ModelSource.params(name);
            case COMPRESSION -> Compressions.params(name);
            case PRIMITIVE -> Primitives.params(name);
            case HARDWARE -> Targets.get(name).params();
            case CODEGEN -> codegenParams(name);
            default -> List.of();
        };
    }

    @Override public String problem(Axis axis, String name, String param, Object value) {
        return switch (axis) {
            case MODEL -> ModelSource.problem(name, param, value);
            case HARDWARE -> Targets.get(name).problem(param, value);
            default -> null;
        };
    }

    /** A codegen's parameters, from the first installed target that offers it. */
    private static List<ParamSpec> codegenParams(String codegen) {
        return Targets.installed().values().stream().filter(t -> t.codegens().contains(codegen))
                .map(t -> t.codegenParams(codegen)).findFirst().orElse(List.of());
    }

    private static Set<String> codegens() {
        Set<String> all = new LinkedHashSet<>();
        for (HardwareTarget t : Targets.installed().values()) all.addAll(t.codegens());
        return all;
    }
}
