package org.dlas.target;

import java.util.List;
import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/**
 * A place a model can run: the JVM reference, TVM on CPU/GPU, a simulated accelerator, an FPGA
 * design. Targets are found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.dlas.target.HardwareTarget}), so a new target is a new class and
 * never an edit to the engine.
 */
public interface HardwareTarget {

    /** Name used as the {@code hardware:} value in sweep files. */
    String name();

    /** One line for {@code dlas list}. */
    String description();

    /** Parameters accepted in the sweep file (e.g. multipliers of an accelerator). */
    default List<ParamSpec> params() { return List.of(); }

    /**
     * What is wrong with a parameter value of the right type that the sweep file's validation
     * should refuse (e.g. an address that is not HOST:PORT), or null when it is fine.
     */
    default String problem(String param, Object value) { return null; }

    /** Code-generation choices this target accepts (the {@code codegen:} axis). */
    default List<String> codegens() { return List.of("none"); }

    /** Parameters of one of this target's code-generation choices (e.g. a tuning trial budget). */
    default List<ParamSpec> codegenParams(String codegen) { return List.of(); }

    /** Empty when the target can run on this machine; otherwise why not (e.g. "no CUDA GPU found"). */
    default Optional<String> unavailableReason() { return Optional.empty(); }

    /**
     * Empty when the target can run this combination; otherwise the reason the point is skipped
     * (e.g. a primitive the target has no implementation of).
     */
    default Optional<String> unsupported(Choice hardware, Choice primitive, Choice codegen) { return Optional.empty(); }

    /**
     * True when the target computes conv/dense layers in int8 only (e.g. the FPGA designs): points
     * whose model is not int8-quantised are then skipped with that reason instead of failing.
     */
    default boolean int8Only() { return false; }

    /** Prepares (compiles, loads, elaborates) the model for repeated inference. */
    PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) throws Exception;

    /**
     * As {@link #prepare(Graph, Choice, Choice, Choice)}, for a known number of images per
     * inference call: compiler targets build for that batch; others ignore it.
     */
    default PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen, int batch) throws Exception {
        return prepare(model, hardware, primitive, codegen);
    }
}
