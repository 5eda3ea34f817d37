package org.dlas.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The axes of a sweep file: each a choice or a list of choices, a choice written as a name or as
 * {@code {name: x, <param>: v}}, checked against the {@link ChoiceCatalog} (known names, parameters and their values)
 * and completed with the parameters' defaults.
 */
final class ChoiceReader {
    private final ChoiceCatalog catalog;
    private final SpecErrors errors;
    private final YamlValues values;

    ChoiceReader(ChoiceCatalog catalog, SpecErrors errors) {
        this.catalog = catalog;
        this.errors = errors;
        this.values = new YamlValues(errors);
    }

    /**
     * The choices of {@code axis} in the merged document; its default when left out, or null after reporting a
     * problem. A missing required axis is reported only when {@code reportMissing}.
     */
    List<Choice> axis(YamlNode.Mapping root, Axis axis, boolean reportMissing) {
        String key = axis.key();
        YamlNode.Entry e = root.get(key);
        if (e == null) {
            String def = SpecLoader.AXIS_DEFAULTS.get(axis);
            if (def == null) {
                if (reportMissing) {
                    errors.error(root, key, "missing required key '" + key + "'; accepted " + key + " names: "
                            + list(names(axis)));
                }
                return null;
            }
            if (!names(axis).contains(def)) {
                errors.error(root, key, "'" + key + "' is not set and its default '" + def
                        + "' is not available; set it to one of: " + list(names(axis)));
                return null;
            }
            Choice c = complete(axis, def, new LinkedHashMap<>(), root, key);
            return c == null ? null : List.of(c);
        }
        YamlNode v = e.value();
        if (v instanceof YamlNode.Sequence seq) {
            if (seq.items().isEmpty()) {
                errors.error(v, key, "empty list; give at least one " + key + " (accepted: " + list(names(axis)) + ")");
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
                    errors.error(item, k, "duplicate " + key + " " + c.label() + " (already listed at line "
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

    Choice listNotAllowed(YamlNode node, String key, Axis axis) {
        errors.error(node, key, "expected a " + axis.key() + " name or a {name: ..., <param>: ...} mapping, got a list");
        return null;
    }

    /**
     * A choice written as a name or as {@code {name: x, <param>: v}}. For a rule
     * ({@code forRule}) only the parameters written are kept; otherwise defaults are filled in.
     */
    Choice choice(Axis axis, YamlNode node, String key, boolean forRule) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.isNull()) {
                errors.error(s, key, "no value; expected a " + axis.key() + " name (accepted: " + list(names(axis))
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
            errors.error(m, key, "missing key 'name' (the " + axis.key() + " name; accepted: " + list(names(axis)) + ")");
            return null;
        }
        String nameKey = key + ".name";
        if (!(nameEntry.value() instanceof YamlNode.Scalar ns) || ns.isNull()) {
            errors.error(nameEntry.value(), nameKey, "expected a " + axis.key() + " name, got "
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
                errors.errorAt(pe, pk, what);
                ok = false;
                continue;
            }
            Object value = values.paramValue(ps, pe.value(), pk);
            String problem = value == null || forRule ? null : catalog.problem(axis, name, pe.key(), value);
            if (problem != null) errors.error(pe.value(), pk, problem);
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
                errors.error(at, key, "missing required parameter '" + ps.name() + "' of " + axis.key() + " '" + name
                        + "' (" + YamlValues.expectation(ps) + (blank(ps.description()) ? "" : ": " + ps.description())
                        + "); write it as {name: " + name + ", " + ps.name() + ": ...}");
                ok = false;
            } else {
                given.put(ps.name(), YamlValues.normalizeDefault(ps));
            }
        }
        return ok ? new Choice(name, given) : null;
    }

    private boolean knownName(Axis axis, String name, YamlNode at, String key) {
        Set<String> names = names(axis);
        if (names.contains(name)) return true;
        errors.error(at, key, "unknown " + axis.key() + " '" + name + "'; accepted: " + list(names)
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

    private static String list(Collection<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(names));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
