package org.dlas.spec;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One value on one axis: a name and its parameters (defaults filled in, keys sorted), e.g.
 * {@code prune(scope=layer, sparsity=0.5)}.
 */
public record Choice(String name, Map<String, Object> params) implements java.io.Serializable {

    public Choice {
        Objects.requireNonNull(name, "name");
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params == null ? Map.of() : params));
    }

    public static Choice of(String name) { return new Choice(name, Map.of()); }

    public double number(String key) { return ((Number) params.get(key)).doubleValue(); }
    public int integer(String key) { return ((Number) params.get(key)).intValue(); }
    public String string(String key) { return String.valueOf(params.get(key)); }
    public boolean flag(String key) { return Boolean.TRUE.equals(params.get(key)); }

    /** Short human label used in tables and plots. */
    public String label() {
        if (params.isEmpty()) return name;
        return name + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "(", ")"));
    }

    @Override public String toString() { return label(); }
}
