package org.dlas.kernels;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlas.spec.ParamSpec;

/** The registry of convolution primitives by name, with the parameters each accepts. */
public final class Primitives {
    private static final List<String> NAMES = List.of(DirectPrimitive.NAME, GemmPrimitive.NAME,
            SpatialPackPrimitive.NAME, WinogradPrimitive.NAME, CsrPrimitive.NAME, BsrPrimitive.NAME);

    private static final List<ParamSpec> BSR_PARAMS = List.of(
            ParamSpec.integer("block_rows", "rows (output channels) per stored block", BsrPrimitive.DEFAULT_BLOCK, 1, BsrPrimitive.MAX_BLOCK),
            ParamSpec.integer("block_cols", "columns (input channel x kernel taps) per stored block", BsrPrimitive.DEFAULT_BLOCK, 1, BsrPrimitive.MAX_BLOCK));

    private Primitives() {}

    /** Accepted names, in a stable order: direct, gemm, spatial-pack, winograd, csr, bsr. */
    public static List<String> names() { return NAMES; }

    /** Parameters of {@code name} (empty when it takes none). */
    public static List<ParamSpec> params(String name) {
        requireKnown(name);
        return BsrPrimitive.NAME.equals(name) ? BSR_PARAMS : List.of();
    }

    /** Whether {@code name} is a sparse primitive (benefits from pruned weights). */
    public static boolean isSparse(String name) {
        requireKnown(name);
        return Set.of(CsrPrimitive.NAME, BsrPrimitive.NAME).contains(name);
    }

    /**
     * A new primitive. Missing parameters take their defaults; unknown parameters, values of the
     * wrong type and values out of range are rejected with IllegalArgumentException.
     */
    public static ConvPrimitive create(String name, Map<String, Object> params) {
        requireKnown(name);
        Map<String, Object> p = params == null ? Map.of() : params;
        List<ParamSpec> accepted = params(name);
        for (String key : p.keySet()) {
            if (accepted.stream().noneMatch(s -> s.name().equals(key))) {
                throw new IllegalArgumentException("primitive " + name + " takes no parameter '" + key + "'"
                        + (accepted.isEmpty() ? "" : "; accepted: " + accepted.stream().map(ParamSpec::name).toList()));
            }
        }
        return switch (name) {
            case DirectPrimitive.NAME -> new DirectPrimitive();
            case GemmPrimitive.NAME -> new GemmPrimitive();
            case SpatialPackPrimitive.NAME -> new SpatialPackPrimitive();
            case WinogradPrimitive.NAME -> new WinogradPrimitive();
            case CsrPrimitive.NAME -> new CsrPrimitive();
            case BsrPrimitive.NAME -> new BsrPrimitive(intParam(name, p, BSR_PARAMS.get(0)), intParam(name, p, BSR_PARAMS.get(1)));
            default -> throw new IllegalStateException(name);
        };
    }

    private static int intParam(String primitive, Map<String, Object> params, ParamSpec spec) {
        Object v = params.get(spec.name());
        if (v == null) return (Integer) spec.defaultValue();
        if (!(v instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
            throw new IllegalArgumentException(primitive + "." + spec.name() + " must be an integer, got " + v);
        }
        double d = num.doubleValue();
        if (d < spec.min() || d > spec.max()) {
            throw new IllegalArgumentException(primitive + "." + spec.name() + " must be in "
                    + spec.min().intValue() + ".." + spec.max().intValue() + ", got " + v);
        }
        return (int) d;
    }

    private static void requireKnown(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown primitive '" + name + "'; accepted names: " + String.join(", ", NAMES));
        }
    }
}
