package org.dlas.robust;

import java.util.List;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.target.HardwareTarget;
import org.dlas.target.JvmTarget;
import org.dlas.target.PreparedModel;

/**
 * A test-only target with target parameters and two code generations, one with its own parameters,
 * to check how environments are written; it runs on the Java kernels and remembers the choices it
 * was last prepared with.
 */
public final class SettingsTarget implements HardwareTarget {
    static volatile Choice lastHardware, lastCodegen;

    @Override public String name() { return "test-settings"; }

    @Override public String description() { return "test target with parameters and code generations"; }

    @Override public List<ParamSpec> params() {
        return List.of(ParamSpec.integer("rows", "array rows", 16, 1, 64), ParamSpec.flag("sparse", "skip zeros", false));
    }

    @Override public List<String> codegens() { return List.of("plain", "tuned"); }

    @Override public List<ParamSpec> codegenParams(String codegen) {
        return codegen.equals("tuned") ? List.of(ParamSpec.integer("trials", "tuning trials", 64, 1, 1000),
                ParamSpec.oneOf("cost_model", "ranking", "learned", List.of("random", "learned"))) : List.of();
    }

    @Override public Optional<String> unsupported(Choice hardware, Choice primitive, Choice codegen) {
        return primitive.name().equals("winograd") ? Optional.of("no winograd here") : Optional.empty();
    }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) {
        lastHardware = hardware;
        lastCodegen = codegen;
        return new JvmTarget().prepare(model, Choice.of(JvmTarget.NAME), primitive, Choice.of("none"));
    }
}
