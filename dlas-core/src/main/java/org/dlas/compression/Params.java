package org.dlas.compression;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/**
 * A choice's parameters checked against a compressor's {@link ParamSpec}s, with defaults filled:
 * unknown names, wrong types and out-of-range values are rejected with an
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
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec p : specs) byName.put(p.name(), p);
        for (String key : choice.params().keySet()) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("compression '" + compression + "' has no parameter '" + key + "'; accepted: "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> out = new TreeMap<>();
        for (ParamSpec p : specs) {
            Object raw = choice.params().get(p.name());
            if (raw == null) raw = p.defaultValue();
            if (raw == null) throw new IllegalArgumentException("compression '" + compression + "' needs parameter '" + p.name() + "' (" + p.description() + ")");
            out.put(p.name(), convert(compression, p, raw));
        }
        return new Params(compression, out);
    }

    private static Object convert(String compression, ParamSpec p, Object raw) {
        String where = "compression '" + compression + "' parameter '" + p.name() + "'";
        if (p.type() == Double.class || p.type() == Integer.class) {
            double v;
            if (raw instanceof Number n) v = n.doubleValue();
            else {
                try {
                    v = Double.parseDouble(String.valueOf(raw).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + " must be a number, got '" + raw + "'");
                }
            }
            if (Double.isNaN(v) || (p.min() != null && v < p.min()) || (p.max() != null && v > p.max())) {
                throw new IllegalArgumentException(where + " must be in [" + fmt(p.min()) + ", " + fmt(p.max()) + "], got " + raw);
            }
            if (p.type() == Integer.class) {
                if (v != Math.rint(v)) throw new IllegalArgumentException(where + " must be an integer, got " + raw);
                return (int) v;
            }
            return v;
        }
        if (p.type() == Boolean.class) {
            if (raw instanceof Boolean b) return b;
            String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
            throw new IllegalArgumentException(where + " must be true or false, got '" + raw + "'");
        }
        if (p.type() == String.class) {
            String s = String.valueOf(raw);
            if (!p.allowed().isEmpty() && !p.allowed().contains(s)) {
                throw new IllegalArgumentException(where + " must be one of " + String.join(", ", p.allowed()) + ", got '" + s + "'");
            }
            return s;
        }
        return raw;
    }

    private static String fmt(Double d) { return d == null ? "" : (d == Math.rint(d) ? String.valueOf(d.longValue()) : d.toString()); }

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
