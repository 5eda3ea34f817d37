package org.dlas.compression;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.spec.ParamValues;

/**
 * A choice's parameters checked against a compressor's {@link ParamSpec}s by {@link ParamValues},
 * with defaults filled: unknown names, wrong types and out-of-range values are rejected with an
 * {@link IllegalArgumentException} that names what is accepted.
 */
final class Params {
    private final String compression;
    private final Map<String, Object> values;

    private Params(String compression, Map<String, Object> values) {
        this.compression = compression;
        this.values = values;
    }

    static Params resolve(String compression, Choice choice, List<ParamSpec> specs) {
        return new Params(compression, ParamValues.resolve("compression '" + compression + "'", choice.params(), specs));
    }

    double number(String key) { return ((Number) get(key)).doubleValue(); }
    int integer(String key) { return ((Number) get(key)).intValue(); }
    String string(String key) { return (String) get(key); }
    boolean flag(String key) { return (Boolean) get(key); }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalStateException("compression '" + compression + "' has no parameter '" + key + "'");
        return v;
    }

    /** The canonical choice: every parameter present, defaults filled. */
    Choice canonical() { return new Choice(compression, values); }

    /** The canonical label, e.g. {@code prune(scope=layer,skip_first=true,sparsity=0.5)}. */
    String label() { return canonical().label(); }

    @Override public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
