package org.dlas.kernels;

import java.util.Optional;

/**
 * An algorithmic primitive for convolution and dense layers (direct, im2col+GEMM, spatial pack,
 * Winograd, sparse CSR/BSR). A primitive packs a layer's weights once ({@code prepare}) and then
 * runs many inputs through the packed form.
 */
public interface ConvPrimitive {
    /** Name used in sweep files, e.g. {@code direct}, {@code gemm}, {@code csr}. */
    String name();

    /** Whether the primitive is sparse (benefits from pruned weights). */
    default boolean sparse() { return false; }

    /** Empty when the primitive can run this layer; otherwise why not (e.g. Winograd on 1x1). */
    Optional<String> notApplicable(ConvSpec spec);

    /** @param weights [K, C/groups, R, S] row-major; @param bias length K or null */
    PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias);

    /** @param weights int8 [K, C/groups, R, S]; @param bias int32 length K or null */
    PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias);
}
