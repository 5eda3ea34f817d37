package org.dlas.spec;

import java.util.List;
import java.util.Map;

/**
 * One accepted parameter of a choice (e.g. {@code sparsity} of {@code prune}, {@code block} of
 * {@code bsr}). The validator uses it to check types and ranges and to fill defaults, so that the
 * canonical point always carries every parameter.
 *
 * @param type     one of Integer, Double, String, Boolean, List, Map (a block of named strings)
 * @param defaultValue null means required
 * @param min      inclusive lower bound for numbers, or null
 * @param max      inclusive upper bound for numbers, or null
 * @param allowed  accepted strings for String parameters, or empty for any; the accepted keys of a Map block
 */
public record ParamSpec(String name, Class<?> type, String description, Object defaultValue,
                        Double min, Double max, List<String> allowed) {

    public static ParamSpec integer(String name, String description, Integer def, int min, int max) {
        return new ParamSpec(name, Integer.class, description, def, (double) min, (double) max, List.of());
    }

    public static ParamSpec number(String name, String description, Double def, double min, double max) {
        return new ParamSpec(name, Double.class, description, def, min, max, List.of());
    }

    public static ParamSpec oneOf(String name, String description, String def, List<String> allowed) {
        return new ParamSpec(name, String.class, description, def, null, null, List.copyOf(allowed));
    }

    /** Free text, e.g. a host name; {@code def} null makes it required. */
    public static ParamSpec text(String name, String description, String def) {
        return new ParamSpec(name, String.class, description, def, null, null, List.of());
    }

    public static ParamSpec flag(String name, String description, boolean def) {
        return new ParamSpec(name, Boolean.class, description, def, null, null, List.of());
    }

    /**
     * A block of named strings, e.g. {@code rpc: {tracker: HOST:PORT, key: K}}, with the keys it
     * accepts. Optional: a point without it leaves it out of its definition (so adding a block to a
     * target does not change the hash of the points that do not use it).
     */
    public static ParamSpec block(String name, String description, List<String> keys) {
        return new ParamSpec(name, Map.class, description, Map.of(), null, null, List.copyOf(keys));
    }

    public boolean required() { return defaultValue == null; }

    /** A {@link #block}: left out of a point that does not give it. */
    public boolean isBlock() { return type == Map.class; }
}
