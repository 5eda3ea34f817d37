package org.dlas.spec;

import java.util.List;
import java.util.Set;

/**
 * What the installed parts of dlas accept on each axis: the names (models, primitives, targets...)
 * and the parameters of each. The spec validator checks sweep files against it; the engine builds
 * it from the registries and ServiceLoader-discovered targets, so a new target needs no edit here.
 */
public interface ChoiceCatalog {
    /** Accepted names on the axis. */
    Set<String> names(Axis axis);

    /** Parameters accepted by {@code name} on {@code axis}; empty when it takes none. */
    List<ParamSpec> params(Axis axis, String name);

    /**
     * What is wrong with a parameter value that has the right type and range but names something that must exist
     * (e.g. the ONNX file of {@code model: {name: onnx, path: ...}}), or null when it is fine.
     */
    default String problem(Axis axis, String name, String param, Object value) { return null; }
}
