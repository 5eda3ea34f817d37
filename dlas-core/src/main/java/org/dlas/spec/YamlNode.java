package org.dlas.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it was written: the located tree that {@link YamlReader} builds
 * from the parser's token stream. Package-private: the rest of dlas sees only validated specs.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    Path file();

    int line();

    int column();

    /** What a scalar looked like to the YAML parser (plain {@code 12} is INT, quoted {@code "12"} is STRING). */
    enum Kind { STRING, INT, FLOAT, BOOL, NULL }

    /**
     * @param text  the scalar as written (without quotes)
     * @param value String, Long, BigInteger, Double, Boolean or null; null also when an INT/FLOAT
     *              could not be converted (e.g. {@code .inf})
     */
    record Scalar(Path file, int line, int column, Kind kind, String text, Object value) implements YamlNode {
        boolean isNull() { return kind == Kind.NULL; }
    }

    /** A key of a mapping, where the key was written, and its value. */
    record Entry(String key, Path file, int line, int column, YamlNode value) {}

    /** A mapping; entries keep the order in which they were written. */
    record Mapping(Path file, int line, int column, Map<String, Entry> entries) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        Entry get(String key) { return entries.get(key); }
    }

    record Sequence(Path file, int line, int column, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** Words used in messages: "a mapping", "a list", "string 'x'", "no value"... */
    static String describe(YamlNode node) {
        if (node instanceof Mapping) return "a mapping";
        if (node instanceof Sequence) return "a list";
        Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case NULL -> "no value";
            case STRING -> "string '" + s.text() + "'";
            case INT -> "integer " + s.text();
            case FLOAT -> "number " + s.text();
            case BOOL -> "boolean " + s.text();
        };
    }
}
