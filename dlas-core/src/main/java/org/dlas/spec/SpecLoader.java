package org.dlas.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates sweep files (format: see {@code configs/README.md} and the package
 * documentation). Every problem is collected, with the file, line, column and key where it is,
 * before anything is reported, so one run shows all mistakes.
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
    public static final List<String> MEASURE_KEYS = List.of("warmup", "repeats", "test_images", "batch", "seed",
            "timeout_s", "calibration_images");

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

    /** One load: the errors found so far and the files seen, in the order first seen. */
    private static final class Session {
        private final ChoiceCatalog catalog;
        private final List<SpecError> errors = new ArrayList<>();
        private final Map<Path, Integer> fileOrder = new HashMap<>();
        /** Files loaded through {@code include} so far, counting repeats: bounds diamond-shaped include trees. */
        private int includesLoaded;
        private boolean includeLimitHit;
        /** An include could not be loaded: keys it might have provided are not reported missing. */
        private boolean incomplete;
        /** Known keys that an unknown top-level key looks like a misspelling of. */
        private final Set<String> misspelt = new java.util.HashSet<>();

        Session(ChoiceCatalog catalog) {
            this.catalog = catalog;
        }

        List<SpecError> errors() {
            List<SpecError> sorted = new ArrayList<>(new LinkedHashSet<>(errors));
            sorted.sort(Comparator.<SpecError>comparingInt(e -> fileOrder.getOrDefault(e.file(), Integer.MAX_VALUE))
                    .thenComparingInt(SpecError::line).thenComparingInt(SpecError::column));
            return List.copyOf(sorted);
        }

        SweepSpec run(Path file) {
            YamlNode.Mapping root = loadMerged(file, new ArrayList<>(), new ArrayList<>());
            if (root == null) return null;
            return build(file, root);
        }

        // ---------------------------------------------------------------- includes

        private YamlNode.Mapping loadMerged(Path file, List<Path> chain, List<Path> shownChain) {
            fileOrder.putIfAbsent(file, fileOrder.size());
            YamlReader.Result read = YamlReader.read(file);
            errors.addAll(read.errors());
            if (read.root() == null) return null;
            if (!(read.root() instanceof YamlNode.Mapping root)) {
                error(read.root(), "", "a sweep file is a mapping of keys (name, the axes, measure, ...), found "
                        + YamlNode.describe(read.root()));
                return null;
            }
            List<Path> myChain = new ArrayList<>(chain);
            myChain.add(identity(file));
            List<Path> myShown = new ArrayList<>(shownChain);
            myShown.add(file);

            Map<String, YamlNode.Entry> merged = new LinkedHashMap<>();
            YamlNode.Entry include = root.get("include");
            if (include != null) {
                for (Map.Entry<String, YamlNode.Scalar> ref : includeRefs(include).entrySet()) {
                    YamlNode.Mapping sub = loadInclude(file, ref.getKey(), ref.getValue(), myChain, myShown);
                    if (sub == null) {
                        incomplete = true;
                    } else {
                        mergeInto(merged, sub.entries());
                    }
                }
            }
            Map<String, YamlNode.Entry> own = new LinkedHashMap<>(root.entries());
            own.remove("include");
            mergeInto(merged, own);
            return new YamlNode.Mapping(file, root.line(), root.column(), merged);
        }

        /** Key path → the scalar naming an included file. */
        private Map<String, YamlNode.Scalar> includeRefs(YamlNode.Entry include) {
            Map<String, YamlNode.Scalar> refs = new LinkedHashMap<>();
            YamlNode v = include.value();
            if (v instanceof YamlNode.Scalar s && !s.isNull()) {
                refs.put("include", s);
            } else if (v instanceof YamlNode.Sequence seq) {
                for (int i = 0; i < seq.items().size(); i++) {
                    YamlNode item = seq.items().get(i);
                    if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                        refs.put("include[" + i + "]", s);
                    } else {
                        error(item, "include[" + i + "]", "expected a file path, got " + YamlNode.describe(item));
                        incomplete = true;
                    }
                }
            } else {
                error(v, "include", "expected a file path or a list of file paths, got " + YamlNode.describe(v));
                incomplete = true;
            }
            return refs;
        }

        private YamlNode.Mapping loadInclude(Path from, String key, YamlNode.Scalar ref, List<Path> chain,
                                             List<Path> shownChain) {
            Path target;
            try {
                Path p = Path.of(ref.text());
                target = p.isAbsolute() ? p.normalize() : from.resolveSibling(p).normalize();
            } catch (InvalidPathException e) {
                error(ref, key, "'" + ref.text() + "' is not a valid file path: " + e.getReason());
                return null;
            }
            int at = chain.indexOf(identity(target));
            if (at >= 0) {
                String cycle = shownChain.subList(at, shownChain.size()).stream().map(Path::toString)
                        .collect(Collectors.joining(" -> ")) + " -> " + target;
                error(ref, key, "include cycle: " + cycle);
                return null;
            }
            if (!Files.exists(target)) {
                error(ref, key, "included file not found: " + target);
                return null;
            }
            if (!Files.isRegularFile(target)) {
                error(ref, key, "included path is not a regular file: " + target);
                return null;
            }
            // never parse (and so never echo in errors) a file that is not a sweep file, e.g. include: /etc/shadow
            String fileName = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!fileName.endsWith(".yaml") && !fileName.endsWith(".yml")) {
                error(ref, key, "included file " + target + " is not a .yaml or .yml sweep file");
                return null;
            }
            if (includeLimitHit) return null; // reported once, where it was first hit
            if (chain.size() >= MAX_INCLUDE_DEPTH || ++includesLoaded > MAX_INCLUDES) {
                includeLimitHit = true;
                error(ref, key, chain.size() >= MAX_INCLUDE_DEPTH ? "includes nested more than " + MAX_INCLUDE_DEPTH + " deep; flatten them"
                        : "more than " + MAX_INCLUDES + " includes in all (counting every file each time it is included); include fewer files");
                return null;
            }
            return loadMerged(target, chain, shownChain);
        }

        private static Path identity(Path p) {
            try {
                return p.toRealPath();
            } catch (IOException | RuntimeException e) {
                return p.toAbsolutePath().normalize();
            }
        }

        /** Later keys replace earlier ones whole, except {@code measure}, merged key by key. */
        private static void mergeInto(Map<String, YamlNode.Entry> target, Map<String, YamlNode.Entry> source) {
            for (YamlNode.Entry e : source.values()) {
                YamlNode.Entry previous = target.get(e.key());
                if (e.key().equals("measure") && previous != null
                        && previous.value() instanceof YamlNode.Mapping before
                        && e.value() instanceof YamlNode.Mapping after) {
                    Map<String, YamlNode.Entry> m = new LinkedHashMap<>(before.entries());
                    m.putAll(after.entries());
                    target.put(e.key(), new YamlNode.Entry(e.key(), e.file(), e.line(), e.column(),
                            new YamlNode.Mapping(after.file(), after.line(), after.column(), m)));
                } else {
                    target.put(e.key(), e);
                }
            }
        }

        // ---------------------------------------------------------------- the merged document

        private SweepSpec build(Path file, YamlNode.Mapping root) {
            for (YamlNode.Entry e : root.entries().values()) {
                if (!TOP_LEVEL_KEYS.contains(e.key())) {
                    unknownKey(e, e.key(), TOP_LEVEL_KEYS);
                    // a misspelt required key is reported once, as misspelt, not also as missing
                    Suggest.nearest(e.key(), TOP_LEVEL_KEYS).ifPresent(misspelt::add);
                }
            }
            String name = sweepName(root);
            Map<Axis, List<Choice>> axes = new EnumMap<>(Axis.class);
            for (Axis axis : Axis.values()) {
                List<Choice> list = axis(root, axis);
                if (list != null) axes.put(axis, list);
            }
            Measurement measure = measure(root.get("measure"));
            Path output = output(root.get("output"), name);
            List<Rule> exclude = rules(root.get("exclude"), "exclude");
            List<Rule> only = rules(root.get("only"), "only");

            if (axes.size() == Axis.values().length) {
                long size = 1;
                for (List<Choice> l : axes.values()) size = SweepSpec.multiplySaturated(size, l.size());
                if (size > SweepPlan.MAX_POINTS) {
                    error(root, "", "the sweep has " + size + " points before exclude/only; the limit is "
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
                if (!incomplete && !misspelt.contains("name")) {
                    error(root, "name", "missing required key 'name' (the sweep name, [a-z0-9_-]+)");
                }
                return null;
            }
            String s = text(e.value(), "name", "a sweep name ([a-z0-9_-]+)");
            if (s == null) return null;
            if (!NAME.matcher(s).matches()) {
                error(e.value(), "name", "'" + s + "' is not a valid sweep name; use lower-case letters, digits, "
                        + "'_' and '-' ([a-z0-9_-]+)");
                return null;
            }
            return s;
        }

        private Path output(YamlNode.Entry e, String name) {
            if (e == null) return name == null ? null : Path.of("out", name);
            String s = text(e.value(), "output", "a directory path");
            if (s == null) return null;
            if (s.isBlank()) {
                error(e.value(), "output", "expected a directory path, got an empty string");
                return null;
            }
            Path output;
            try {
                output = Path.of(s);
            } catch (InvalidPathException ex) {
                error(e.value(), "output", "'" + s + "' is not a valid path: " + ex.getReason());
                return null;
            }
            for (Path p = output.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    error(e.value(), "output", "'" + p + "' is a file, not a folder; name a folder (created when missing)");
                    return null;
                }
            }
            return output;
        }

        // ---------------------------------------------------------------- axes and choices

        private List<Choice> axis(YamlNode.Mapping root, Axis axis) {
            String key = axis.key();
            YamlNode.Entry e = root.get(key);
            if (e == null) {
                String def = AXIS_DEFAULTS.get(axis);
                if (def == null) {
                    if (!incomplete && !misspelt.contains(key)) {
                        error(root, key, "missing required key '" + key + "'; accepted " + key + " names: "
                                + list(names(axis)));
                    }
                    return null;
                }
                if (!names(axis).contains(def)) {
                    error(root, key, "'" + key + "' is not set and its default '" + def
                            + "' is not available; set it to one of: " + list(names(axis)));
                    return null;
                }
                Choice c = complete(axis, def, new LinkedHashMap<>(), root, key);
                return c == null ? null : List.of(c);
            }
            YamlNode v = e.value();
            if (v instanceof YamlNode.Sequence seq) {
                if (seq.items().isEmpty()) {
                    error(v, key, "empty list; give at least one " + key + " (accepted: " + list(names(axis)) + ")");
                    return null;
                }
                List<Choice> out = new ArrayList<>();
                Map<Choice, YamlNode> seen = new HashMap<>();
                boolean ok = true;
                for (int i = 0; i < seq.items().size(); i++) {
                    YamlNode item = seq.items().get(i);
                    String k = key + "[" + i + "]";
                    Choice c = item instanceof YamlNode.Sequence
                            ? listNotAllowed(item, k, axis) : choice(axis, item, k, false);
                    if (c == null) {
                        ok = false;
                    } else if (seen.containsKey(c)) {
                        YamlNode first = seen.get(c);
                        error(item, k, "duplicate " + key + " " + c.label() + " (already listed at line "
                                + first.line() + ", column " + first.column() + ")");
                        ok = false;
                    } else {
                        seen.put(c, item);
                        out.add(c);
                    }
                }
                return ok ? out : null;
            }
            Choice c = choice(axis, v, key, false);
            return c == null ? null : List.of(c);
        }

        private Choice listNotAllowed(YamlNode node, String key, Axis axis) {
            error(node, key, "expected a " + axis.key() + " name or a {name: ..., <param>: ...} mapping, got a list");
            return null;
        }

        /**
         * A choice written as a name or as {@code {name: x, <param>: v}}. For a rule
         * ({@code forRule}) only the parameters written are kept; otherwise defaults are filled in.
         */
        private Choice choice(Axis axis, YamlNode node, String key, boolean forRule) {
            if (node instanceof YamlNode.Scalar s) {
                if (s.isNull()) {
                    error(s, key, "no value; expected a " + axis.key() + " name (accepted: " + list(names(axis))
                            + ") or a {name: ..., <param>: ...} mapping");
                    return null;
                }
                if (!knownName(axis, s.text(), s, key)) return null;
                return forRule ? Choice.of(s.text()) : complete(axis, s.text(), new LinkedHashMap<>(), s, key);
            }
            if (node instanceof YamlNode.Sequence) return listNotAllowed(node, key, axis);
            YamlNode.Mapping m = (YamlNode.Mapping) node;
            YamlNode.Entry nameEntry = m.get("name");
            if (nameEntry == null) {
                error(m, key, "missing key 'name' (the " + axis.key() + " name; accepted: " + list(names(axis)) + ")");
                return null;
            }
            String nameKey = key + ".name";
            if (!(nameEntry.value() instanceof YamlNode.Scalar ns) || ns.isNull()) {
                error(nameEntry.value(), nameKey, "expected a " + axis.key() + " name, got "
                        + YamlNode.describe(nameEntry.value()));
                return null;
            }
            String name = ns.text();
            if (!knownName(axis, name, ns, nameKey)) return null;
            Map<String, ParamSpec> specs = new LinkedHashMap<>();
            for (ParamSpec p : params(axis, name)) specs.put(p.name(), p);
            List<String> accepted = new ArrayList<>();
            accepted.add("name");
            accepted.addAll(specs.keySet());

            Map<String, Object> given = new LinkedHashMap<>();
            boolean ok = true;
            for (YamlNode.Entry pe : m.entries().values()) {
                if (pe.key().equals("name")) continue;
                String pk = key + "." + pe.key();
                ParamSpec ps = specs.get(pe.key());
                if (ps == null) {
                    String what = specs.isEmpty()
                            ? "unknown key; " + axis.key() + " '" + name + "' takes no parameters (accepted: name)"
                            : "unknown parameter of " + axis.key() + " '" + name + "'; accepted: "
                            + String.join(", ", accepted)
                            + Suggest.didYouMean(pe.key(), specs.keySet());
                    errorAt(pe, pk, what);
                    ok = false;
                    continue;
                }
                Object value = paramValue(ps, pe.value(), pk);
                String problem = value == null || forRule ? null : catalog.problem(axis, name, pe.key(), value);
                if (problem != null) error(pe.value(), pk, problem);
                if (value == null || problem != null) {
                    ok = false;
                } else {
                    given.put(pe.key(), value);
                }
            }
            if (!ok) return null;
            return forRule ? new Choice(name, given) : complete(axis, name, given, m, key);
        }

        /** Fills defaults; reports required parameters that are missing. */
        private Choice complete(Axis axis, String name, Map<String, Object> given, YamlNode at, String key) {
            boolean ok = true;
            for (ParamSpec ps : params(axis, name)) {
                if (given.containsKey(ps.name())) continue;
                if (ps.isBlock()) continue; // absent block: not part of the point
                if (ps.required()) {
                    error(at, key, "missing required parameter '" + ps.name() + "' of " + axis.key() + " '" + name
                            + "' (" + expectation(ps) + (blank(ps.description()) ? "" : ": " + ps.description())
                            + "); write it as {name: " + name + ", " + ps.name() + ": ...}");
                    ok = false;
                } else {
                    given.put(ps.name(), normalizeDefault(ps));
                }
            }
            return ok ? new Choice(name, given) : null;
        }

        private boolean knownName(Axis axis, String name, YamlNode at, String key) {
            Set<String> names = names(axis);
            if (names.contains(name)) return true;
            error(at, key, "unknown " + axis.key() + " '" + name + "'; accepted: " + list(names)
                    + Suggest.didYouMean(name, names));
            return false;
        }

        private Set<String> names(Axis axis) {
            Set<String> n = catalog.names(axis);
            return n == null ? Set.of() : n;
        }

        private List<ParamSpec> params(Axis axis, String name) {
            List<ParamSpec> p = catalog.params(axis, name);
            return p == null ? List.of() : p;
        }

        // ---------------------------------------------------------------- parameter values

        private Object paramValue(ParamSpec ps, YamlNode v, String key) {
            Class<?> t = ps.type();
            if (isInt(t)) {
                Long n = integer(v, key, ps.min(), ps.max(), Integer.MIN_VALUE, Integer.MAX_VALUE);
                return n == null ? null : (Object) n.intValue();
            }
            if (t == Long.class || t == long.class) {
                return integer(v, key, ps.min(), ps.max(), Long.MIN_VALUE, Long.MAX_VALUE);
            }
            if (isNumber(t)) {
                return number(v, key, ps.min(), ps.max());
            }
            if (t == Boolean.class || t == boolean.class) {
                if (v instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.BOOL) return s.value();
                error(v, key, "expected true or false, got " + YamlNode.describe(v));
                return null;
            }
            if (ps.isBlock()) return block(ps, v, key);
            if (t != null && Collection.class.isAssignableFrom(t)) {
                if (!(v instanceof YamlNode.Sequence seq)) {
                    error(v, key, "expected a list, got " + YamlNode.describe(v));
                    return null;
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    YamlNode item = seq.items().get(i);
                    Object o = plainValue(item);
                    if (o == null) {
                        error(item, key + "[" + i + "]", "expected a plain value (string, number or boolean), got "
                                + YamlNode.describe(item));
                        return null;
                    }
                    out.add(o);
                }
                return List.copyOf(out);
            }
            // String, and any other type: the text as written
            if (!(v instanceof YamlNode.Scalar s) || s.isNull()) {
                error(v, key, "expected " + expectation(ps) + ", got " + YamlNode.describe(v));
                return null;
            }
            List<String> allowed = ps.allowed() == null ? List.of() : ps.allowed();
            if (!allowed.isEmpty() && !allowed.contains(s.text())) {
                error(v, key, "'" + s.text() + "' is not one of: " + String.join(", ", allowed)
                        + Suggest.didYouMean(s.text(), allowed));
                return null;
            }
            return s.text();
        }

        /** A block of named strings: only its accepted keys, each a non-empty plain value. */
        private Map<String, Object> block(ParamSpec ps, YamlNode v, String key) {
            if (!(v instanceof YamlNode.Mapping m)) {
                error(v, key, "expected " + expectation(ps) + ", got " + YamlNode.describe(v));
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            boolean ok = true;
            for (YamlNode.Entry e : m.entries().values()) {
                String ek = key + "." + e.key();
                if (!ps.allowed().contains(e.key())) {
                    errorAt(e, ek, "unknown key of '" + ps.name() + "'; accepted: " + String.join(", ", ps.allowed())
                            + Suggest.didYouMean(e.key(), ps.allowed()));
                    ok = false;
                } else if (!(e.value() instanceof YamlNode.Scalar s) || s.isNull() || s.text().isBlank()) {
                    error(e.value(), ek, "expected a non-empty value, got " + YamlNode.describe(e.value()));
                    ok = false;
                } else {
                    out.put(e.key(), s.text());
                }
            }
            return ok ? out : null;
        }

        private static Object plainValue(YamlNode node) {
            if (!(node instanceof YamlNode.Scalar s)) return null;
            return switch (s.kind()) {
                case NULL -> null;
                case STRING -> s.text();
                case BOOL -> s.value();
                case INT -> s.value() instanceof Long l
                        ? (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : l) : null;
                case FLOAT -> s.value() instanceof Double d && Double.isFinite(d) ? d : null;
            };
        }

        private Long integer(YamlNode v, String key, Double min, Double max, long typeMin, long typeMax) {
            String expected = "an integer" + range(min, max);
            if (!(v instanceof YamlNode.Scalar s) || s.kind() != YamlNode.Kind.INT) {
                error(v, key, "expected " + expected + ", got " + YamlNode.describe(v));
                return null;
            }
            if (!(s.value() instanceof Long n) || n < typeMin || n > typeMax) {
                String limit = typeMax == Integer.MAX_VALUE ? "a 32-bit" : "a 64-bit";
                error(v, key, s.value() == null ? "cannot read '" + s.text() + "' as an integer"
                        : "value " + s.text() + " does not fit in " + limit + " integer; expected " + expected);
                return null;
            }
            if ((min != null && n < min) || (max != null && n > max)) {
                error(v, key, "value " + s.text() + " is out of range; expected " + expected);
                return null;
            }
            return n;
        }

        private Double number(YamlNode v, String key, Double min, Double max) {
            String expected = "a number" + range(min, max);
            if (!(v instanceof YamlNode.Scalar s)
                    || (s.kind() != YamlNode.Kind.INT && s.kind() != YamlNode.Kind.FLOAT)) {
                error(v, key, "expected " + expected + ", got " + YamlNode.describe(v));
                return null;
            }
            double d;
            if (s.value() instanceof Number n) {
                d = n.doubleValue();
            } else {
                d = Double.NaN;
            }
            if (!Double.isFinite(d)) {
                error(v, key, "expected a finite number" + range(min, max) + ", got " + s.text());
                return null;
            }
            if ((min != null && d < min) || (max != null && d > max)) {
                error(v, key, "value " + s.text() + " is out of range; expected " + expected);
                return null;
            }
            return d;
        }

        private static String range(Double min, Double max) {
            if (min != null && max != null) return " in [" + bound(min) + ", " + bound(max) + "]";
            if (min != null) return " >= " + bound(min);
            if (max != null) return " <= " + bound(max);
            return "";
        }

        private static String bound(double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
            return CanonicalJson.number(d);
        }

        private static String expectation(ParamSpec ps) {
            Class<?> t = ps.type();
            if (isInt(t) || t == Long.class || t == long.class) return "an integer" + range(ps.min(), ps.max());
            if (isNumber(t)) return "a number" + range(ps.min(), ps.max());
            if (t == Boolean.class || t == boolean.class) return "true or false";
            if (t != null && Collection.class.isAssignableFrom(t)) return "a list";
            if (ps.isBlock()) return "a mapping with keys " + String.join(", ", ps.allowed());
            if (ps.allowed() != null && !ps.allowed().isEmpty()) return "one of: " + String.join(", ", ps.allowed());
            return "a string";
        }

        private static Object normalizeDefault(ParamSpec ps) {
            Object d = ps.defaultValue();
            Class<?> t = ps.type();
            if (d instanceof Number n) {
                if (isInt(t)) return n.intValue();
                if (t == Long.class || t == long.class) return n.longValue();
                if (isNumber(t)) return n.doubleValue();
            }
            if (d instanceof Collection<?> c) {
                List<Object> out = new ArrayList<>();
                for (Object o : c) out.add(o instanceof Float f ? (Object) f.doubleValue() : o);
                return List.copyOf(out);
            }
            return d;
        }

        private static boolean isInt(Class<?> t) {
            return t == Integer.class || t == int.class || t == Short.class || t == short.class
                    || t == Byte.class || t == byte.class;
        }

        private static boolean isNumber(Class<?> t) {
            return t == Double.class || t == double.class || t == Float.class || t == float.class
                    || t == Number.class;
        }

        // ---------------------------------------------------------------- measure

        private Measurement measure(YamlNode.Entry e) {
            Measurement d = Measurement.defaults();
            if (e == null) return d;
            if (!(e.value() instanceof YamlNode.Mapping m)) {
                error(e.value(), "measure", "expected a mapping of settings (" + String.join(", ", MEASURE_KEYS)
                        + "), got " + YamlNode.describe(e.value()));
                return null;
            }
            long warmup = d.warmup();
            long repeats = d.repeats();
            long testImages = d.testImages();
            long batch = d.batch();
            long seed = d.seed();
            long timeout = d.timeoutSeconds();
            long calibration = d.calibrationImages();
            boolean ok = true;
            for (YamlNode.Entry s : m.entries().values()) {
                String key = "measure." + s.key();
                YamlNode v = s.value();
                Long n = switch (s.key()) {
                    case "warmup" -> intSetting(v, key, 0, Measurement.MAX_RUNS);
                    case "repeats" -> intSetting(v, key, 1, Measurement.MAX_RUNS);
                    case "test_images", "batch" -> intSetting(v, key, 1, Measurement.MAX_TEST_IMAGES);
                    case "timeout_s" -> intSetting(v, key, 1, Integer.MAX_VALUE);
                    case "calibration_images" -> intSetting(v, key, 0, Measurement.MAX_CALIBRATION_IMAGES);
                    case "seed" -> integer(v, key, null, null, Long.MIN_VALUE, Long.MAX_VALUE);
                    default -> {
                        unknownKey(s, key, MEASURE_KEYS);
                        yield null;
                    }
                };
                if (n == null) {
                    ok = false;
                    continue;
                }
                switch (s.key()) {
                    case "warmup" -> warmup = n;
                    case "repeats" -> repeats = n;
                    case "test_images" -> testImages = n;
                    case "batch" -> batch = n;
                    case "seed" -> seed = n;
                    case "timeout_s" -> timeout = n;
                    case "calibration_images" -> calibration = n;
                    default -> throw new IllegalStateException(s.key());
                }
            }
            if (!ok) return null;
            return new Measurement((int) warmup, (int) repeats, (int) testImages, (int) batch, seed, (int) timeout,
                    (int) calibration);
        }

        private Long intSetting(YamlNode v, String key, int min, int max) {
            return integer(v, key, (double) min, max == Integer.MAX_VALUE ? null : (double) max, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        // ---------------------------------------------------------------- exclude / only

        private List<Rule> rules(YamlNode.Entry e, String key) {
            if (e == null) return List.of();
            YamlNode v = e.value();
            if (!(v instanceof YamlNode.Sequence seq)) {
                error(v, key, "expected a list of rules, each a mapping such as {primitive: winograd, "
                        + "compression: int8}, got " + YamlNode.describe(v));
                return List.of();
            }
            if (seq.items().isEmpty() && key.equals("only")) {
                error(v, key, "empty list: every point would be skipped; remove 'only' or add a rule");
            }
            List<String> axisKeys = java.util.Arrays.stream(Axis.values()).map(Axis::key).toList();
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                String rk = key + "[" + i + "]";
                if (!(item instanceof YamlNode.Mapping rm)) {
                    error(item, rk, "expected a rule, a mapping such as {primitive: winograd, compression: int8}, got "
                            + YamlNode.describe(item));
                    continue;
                }
                if (rm.entries().isEmpty()) {
                    error(rm, rk, "empty rule; it would match every point");
                    continue;
                }
                Map<Axis, List<Choice>> match = new LinkedHashMap<>();
                boolean ok = true;
                for (YamlNode.Entry re : rm.entries().values()) {
                    String ak = rk + "." + re.key();
                    Axis axis = axisOf(re.key());
                    if (axis == null) {
                        unknownKey(re, ak, axisKeys);
                        ok = false;
                        continue;
                    }
                    List<Choice> choices = new ArrayList<>();
                    if (re.value() instanceof YamlNode.Sequence rs) {
                        if (rs.items().isEmpty()) {
                            error(rs, ak, "empty list; it would match nothing");
                            ok = false;
                        }
                        for (int j = 0; j < rs.items().size(); j++) {
                            YamlNode it = rs.items().get(j);
                            Choice c = it instanceof YamlNode.Sequence ? listNotAllowed(it, ak + "[" + j + "]", axis)
                                    : choice(axis, it, ak + "[" + j + "]", true);
                            if (c == null) ok = false; else choices.add(c);
                        }
                    } else {
                        Choice c = choice(axis, re.value(), ak, true);
                        if (c == null) ok = false; else choices.add(c);
                    }
                    match.put(axis, choices);
                }
                if (ok) {
                    Path fileName = rm.file().getFileName();
                    rules.add(new Rule(match, (fileName == null ? rm.file() : fileName) + ":" + rm.line()));
                }
            }
            return rules;
        }

        private static Axis axisOf(String key) {
            for (Axis a : Axis.values()) {
                if (a.key().equals(key)) return a;
            }
            return null;
        }

        // ---------------------------------------------------------------- helpers

        /** The text of a non-null scalar, or null after reporting what was expected. */
        private String text(YamlNode v, String key, String what) {
            if (v instanceof YamlNode.Scalar s && !s.isNull()) return s.text();
            error(v, key, "expected " + what + ", got " + YamlNode.describe(v));
            return null;
        }

        private void unknownKey(YamlNode.Entry e, String key, Collection<String> accepted) {
            errorAt(e, key, "unknown key; accepted: " + String.join(", ", accepted)
                    + Suggest.didYouMean(e.key(), accepted));
        }

        private static String list(Collection<String> names) {
            return names.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(names));
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private void error(YamlNode at, String key, String message) {
            errors.add(new SpecError(at.file(), at.line(), at.column(), key, message));
        }

        private void errorAt(YamlNode.Entry at, String key, String message) {
            errors.add(new SpecError(at.file(), at.line(), at.column(), key, message));
        }
    }
}
