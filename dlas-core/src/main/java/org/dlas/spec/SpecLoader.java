package org.dlas.spec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates sweep files (format: see {@code configs/README.md} and the package
 * documentation). Every problem is collected, with the file, line, column and key where it is,
 * before anything is reported, so one run shows all mistakes. The file and its includes are read by
 * {@link IncludeLoader}; the axes by {@link ChoiceReader}, {@code measure} by {@link MeasureReader},
 * {@code exclude}/{@code only} by {@link RuleReader}; this class checks the top-level keys, the name
 * and the output folder, and puts the {@link SweepSpec} together.
 */
public final class SpecLoader {

    /** Choices used when a sweep file leaves an axis out; the other axes are required. */
    public static final Map<Axis, String> AXIS_DEFAULTS;

    static {
        EnumMap<Axis, String> d = new EnumMap<>(Axis.class);
        d.put(Axis.DATASET, "fashion-mnist");
        d.put(Axis.CODEGEN, "none");
        AXIS_DEFAULTS = Collections.unmodifiableMap(d);
    }

    /** Accepted top-level keys, in documented order. */
    /** Includes loaded for one sweep file in all, and how deep they may nest. */
    static final int MAX_INCLUDES = 64;
    static final int MAX_INCLUDE_DEPTH = 8;

    public static final List<String> TOP_LEVEL_KEYS = List.of("name", "include", "dataset", "model", "compression",
            "primitive", "codegen", "hardware", "measure", "output", "exclude", "only");

    /** Accepted keys of {@code measure:}, in documented order. */
    public static final List<String> MEASURE_KEYS = Measurement.KEYS;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+");

    private SpecLoader() {}

    /**
     * Loads, merges includes, validates and fills defaults.
     *
     * @throws SpecException holding every error found
     */
    public static SweepSpec load(Path file, ChoiceCatalog catalog) throws SpecException {
        Session s = new Session(catalog);
        SweepSpec spec = s.run(file);
        List<SpecError> errors = s.errors();
        if (!errors.isEmpty()) throw new SpecException(errors);
        if (spec == null) {
            throw new SpecException(List.of(new SpecError(file, 1, 1, "", "the sweep file is not valid")));
        }
        return spec;
    }

    /** Every error in the file and its includes, in file order; empty when the file is valid. */
    public static List<SpecError> validate(Path file, ChoiceCatalog catalog) {
        Session s = new Session(catalog);
        s.run(file);
        return s.errors();
    }

    /** One load: the errors found so far, the includes read, and the readers of each section. */
    private static final class Session {
        private final SpecErrors errors = new SpecErrors();
        private final IncludeLoader includes = new IncludeLoader(errors);
        private final ChoiceReader choices;
        private final MeasureReader measures = new MeasureReader(errors);
        private final RuleReader rules;
        /** Known keys that an unknown top-level key looks like a misspelling of. */
        private final Set<String> misspelt = new java.util.HashSet<>();

        Session(ChoiceCatalog catalog) {
            this.choices = new ChoiceReader(catalog, errors);
            this.rules = new RuleReader(errors, choices);
        }

        List<SpecError> errors() {
            return errors.sorted();
        }

        SweepSpec run(Path file) {
            YamlNode.Mapping root = includes.load(file);
            if (root == null) return null;
            return build(file, root);
        }

        // ---------------------------------------------------------------- the merged document

        private SweepSpec build(Path file, YamlNode.Mapping root) {
            for (YamlNode.Entry e : root.entries().values()) {
                if (!TOP_LEVEL_KEYS.contains(e.key())) {
                    errors.unknownKey(e, e.key(), TOP_LEVEL_KEYS);
                    // a misspelt required key is reported once, as misspelt, not also as missing
                    Suggest.nearest(e.key(), TOP_LEVEL_KEYS).ifPresent(misspelt::add);
                }
            }
            String name = sweepName(root);
            Map<Axis, List<Choice>> axes = new EnumMap<>(Axis.class);
            for (Axis axis : Axis.values()) {
                List<Choice> list = choices.axis(root, axis, !includes.incomplete() && !misspelt.contains(axis.key()));
                if (list != null) axes.put(axis, list);
            }
            Measurement measure = measures.measure(root.get("measure"));
            Path output = output(root.get("output"), name);
            List<Rule> exclude = rules.rules(root.get("exclude"), "exclude");
            List<Rule> only = rules.rules(root.get("only"), "only");

            if (axes.size() == Axis.values().length) {
                long size = 1;
                for (List<Choice> l : axes.values()) size = SweepSpec.multiplySaturated(size, l.size());
                if (size > SweepPlan.MAX_POINTS) {
                    errors.error(root, "", "the sweep has " + size + " points before exclude/only; the limit is "
                            + SweepPlan.MAX_POINTS);
                }
            }
            if (!errors.isEmpty() || name == null || output == null || measure == null
                    || axes.size() != Axis.values().length) {
                return null;
            }
            return new SweepSpec(name, file, axes, measure, output, exclude, only);
        }

        private String sweepName(YamlNode.Mapping root) {
            YamlNode.Entry e = root.get("name");
            if (e == null) {
                if (!includes.incomplete() && !misspelt.contains("name")) {
                    errors.error(root, "name", "missing required key 'name' (the sweep name, [a-z0-9_-]+)");
                }
                return null;
            }
            String s = errors.text(e.value(), "name", "a sweep name ([a-z0-9_-]+)");
            if (s == null) return null;
            if (!NAME.matcher(s).matches()) {
                errors.error(e.value(), "name", "'" + s + "' is not a valid sweep name; use lower-case letters, digits, "
                        + "'_' and '-' ([a-z0-9_-]+)");
                return null;
            }
            return s;
        }

        private Path output(YamlNode.Entry e, String name) {
            if (e == null) return name == null ? null : Path.of("out", name);
            String s = errors.text(e.value(), "output", "a directory path");
            if (s == null) return null;
            if (s.isBlank()) {
                errors.error(e.value(), "output", "expected a directory path, got an empty string");
                return null;
            }
            Path output;
            try {
                output = Path.of(s);
            } catch (InvalidPathException ex) {
                errors.error(e.value(), "output", "'" + s + "' is not a valid path: " + ex.getReason());
                return null;
            }
            for (Path p = output.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    errors.error(e.value(), "output", "'" + p + "' is a file, not a folder; name a folder (created when missing)");
                    return null;
                }
            }
            return output;
        }
    }
}
