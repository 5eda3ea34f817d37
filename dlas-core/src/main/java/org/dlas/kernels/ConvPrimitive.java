package org.dlas.kernels;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlas.spec.ParamSpec;

/**
 * An algorithmic primitive for convolution and dense layers (direct, im2col+GEMM, spatial pack,
 * Winograd, sparse CSR/BSR). A primitive packs a layer's weights once ({@code prepare}) and then
 * runs many inputs through the packed form. Primitives are found with {@link java.util.ServiceLoader}
 * ({@link Primitives}): a new one is a class with a public no-argument constructor and its line in
 * {@code META-INF/services/org.dlas.kernels.ConvPrimitive}.
 */
public interface ConvPrimitive {
    /** Name used in sweep files, e.g. {@code direct}, {@code gemm}, {@code csr}. */
    String name();

    /** Whether the primitive is sparse (benefits from pruned weights). */
    default boolean sparse() { return false; }

    /** Empty when the primitive can run this layer; otherwise why not (e.g. Winograd on 1x1). Runs every layer unless overridden. */
    default Optional<String> notApplicable(ConvSpec spec) { return Optional.empty(); }

    /** @param weights [K, C/groups, R, S] row-major; @param bias length K or null */
    PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias);

    /** @param weights int8 [K, C/groups, R, S]; @param bias int32 length K or null */
    PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias);

    /** Parameters a sweep file may give this primitive, with defaults and ranges (empty: none). */
    default List<ParamSpec> params() { return List.of(); }

    /**
     * This primitive configured with {@code params}, whose keys {@link Primitives#create} has checked
     * against {@link #params()}; missing ones take their defaults, bad values are an
     * IllegalArgumentException. Primitives without parameters are already configured.
     */
    default ConvPrimitive withParams(Map<String, Object> params) { return this; }
}
