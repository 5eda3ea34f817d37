package org.dlas.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One {@code exclude:} or {@code only:} rule. A point matches when, for every axis in
 * {@code match}, its choice matches one of the listed choices: same name and, for each parameter
 * the rule lists, an equal value (parameters the rule does not list are not compared). Axes are
 * kept in the order written.
 *
 * @param origin where the rule was written, {@code file-name:line}, e.g. {@code quick.yaml:14}
 */
public record Rule(Map<Axis, List<Choice>> match, String origin) {

    public Rule {
        Objects.requireNonNull(match, "match");
        Map<Axis, List<Choice>> copy = new LinkedHashMap<>();
        match.forEach((axis, list) -> copy.put(axis, List.copyOf(list)));
        match = Collections.unmodifiableMap(copy);
    }

    public boolean matches(Map<Axis, Choice> choices) {
        for (Map.Entry<Axis, List<Choice>> e : match.entrySet()) {
            Choice actual = choices.get(e.getKey());
            if (actual == null) return false;
            boolean any = false;
            for (Choice wanted : e.getValue()) {
                if (matches(wanted, actual)) {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }

    private static boolean matches(Choice wanted, Choice actual) {
        if (!wanted.name().equals(actual.name())) return false;
        for (Map.Entry<String, Object> p : wanted.params().entrySet()) {
            if (!actual.params().containsKey(p.getKey())) return false;
            if (!sameValue(p.getValue(), actual.params().get(p.getKey()))) return false;
        }
        return true;
    }

    /** Equality that treats numbers by value (4 equals 4.0) and compares lists element-wise. */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0 || x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) return false;
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** The rule as it could be written: {@code {primitive: winograd, compression: int8}}. */
    public String describe() {
        return match.entrySet().stream()
                .map(e -> e.getKey().key() + ": " + describe(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String describe(List<Choice> choices) {
        if (choices.size() == 1) return describe(choices.get(0));
        return choices.stream().map(Rule::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Choice c) {
        if (c.params().isEmpty()) return c.name();
        return "{name: " + c.name() + c.params().entrySet().stream()
                .map(p -> ", " + p.getKey() + ": " + p.getValue()).collect(Collectors.joining()) + "}";
    }

    @Override
    public String toString() { return origin + ": " + describe(); }
}
