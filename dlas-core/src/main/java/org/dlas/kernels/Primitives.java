package org.dlas.kernels;

import java.util.List;
import java.util.Map;

import org.dlas.plugin.NamedPlugins;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The registry of convolution primitives by name, with the parameters each accepts. Primitives
 * are found with {@link java.util.ServiceLoader} like hardware targets: a {@link ConvPrimitive}
 * class and its line in {@code META-INF/services/org.dlas.kernels.ConvPrimitive}.
 */
public final class Primitives {
    /** dlas-core's services file lists direct, gemm, spatial-pack, winograd, csr, bsr in this order; plug-ins follow. */
    private static final NamedPlugins<ConvPrimitive> REGISTRY = NamedPlugins.load(ConvPrimitive.class, Primitives.class.getClassLoader(), ConvPrimitive::name);

    private Primitives() {}

    /** Accepted names, in a stable order: direct, gemm, spatial-pack, winograd, csr, bsr, then plug-ins. */
    public static List<String> names() { return REGISTRY.names(); }

    /** Parameters of {@code name} (empty when it takes none). */
    public static List<ParamSpec> params(String name) {
        return known(REGISTRY, name).params();
    }

    /** Whether {@code name} is a sparse primitive (benefits from pruned weights). */
    public static boolean isSparse(String name) {
        return known(REGISTRY, name).sparse();
    }

    /**
     * A new primitive. Missing parameters take their defaults; unknown parameters, values of the
     * wrong type and values out of range are rejected with IllegalArgumentException.
     */
    public static ConvPrimitive create(String name, Map<String, Object> params) {
        return create(REGISTRY, name, params);
    }

    static ConvPrimitive create(NamedPlugins<ConvPrimitive> registry, String name, Map<String, Object> params) {
        List<ParamSpec> accepted = known(registry, name).params();
        Map<String, Object> p = params == null ? Map.of() : params;
        for (String key : p.keySet()) {
            if (accepted.stream().noneMatch(s -> s.name().equals(key))) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "primitive " + name + " takes no parameter '" + key + "'"
                        + (accepted.isEmpty() ? "" : "; accepted: " + accepted.stream().map(ParamSpec::name).toList())).at(key);
            }
        }
        return registry.create(name).orElseThrow().withParams(p);
    }

    /**
     * The integer parameter {@code spec} of {@code primitive} from {@code params} (its default when
     * absent); a non-integer or out-of-range value is an IllegalArgumentException naming both.
     */
    public static int intParam(String primitive, Map<String, Object> params, ParamSpec spec) {
        Object v = params.get(spec.name());
        if (v == null) return (Integer) spec.defaultValue();
        if (!(v instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, primitive + "." + spec.name() + " must be an integer, got " + v).at(spec.name());
        }
        double d = num.doubleValue();
        if (d < spec.min() || d > spec.max()) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, primitive + "." + spec.name() + " must be in "
                    + spec.min().intValue() + ".." + spec.max().intValue() + ", got " + v).at(spec.name());
        }
        return (int) d;
    }

    private static ConvPrimitive known(NamedPlugins<ConvPrimitive> registry, String name) {
        return registry.shared(name == null ? "" : name).orElseThrow(() -> new InvalidInputException(ErrorKind.UNKNOWN_NAME, 
                "unknown primitive '" + name + "'; accepted names: " + String.join(", ", registry.names())));
    }
}
