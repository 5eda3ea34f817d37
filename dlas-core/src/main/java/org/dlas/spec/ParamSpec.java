package org.dlas.spec;

import java.util.List;

/**
 * One accepted parameter of a choice (e.g. {@code sparsity} of {@code prune}, {@code block} of
 * {@code bsr}). The validator uses it to check types and ranges and to fill defaults, so that the
 * canonical point always carries every parameter.
 *
 * @param type     one of Integer, Double, String, Boolean, List
 * @param defaultValue null means required
 * @param min      inclusive lower bound for numbers, or null
 * @param max      inclusive upper bound for numbers, or null
 * @param allowed  accepted strings for String parameters, or empty for any
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

    public boolean required() { return defaultValue == null; }
}
