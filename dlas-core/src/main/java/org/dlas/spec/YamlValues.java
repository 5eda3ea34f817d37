package org.dlas.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed values read from YAML nodes: a parameter's value checked against its {@link ParamSpec} (type, range,
 * allowed strings), integers and numbers in a range; what is wrong is reported at the node, with what is accepted.
 */
final class YamlValues {
    private final SpecErrors errors;

    YamlValues(SpecErrors errors) {
        this.errors = errors;
    }

    Object paramValue(ParamSpec ps, YamlNode v, String key) {
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
            errors.error(v, key, "expected true or false, got " + YamlNode.describe(v));
            return null;
        }
        if (ps.isBlock()) return block(ps, v, key);
        if (t != null && Collection.class.isAssignableFrom(t)) {
            if (!(v instanceof YamlNode.Sequence seq)) {
                errors.error(v, key, "expected a list, got " + YamlNode.describe(v));
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                Object o = plainValue(item);
                if (o == null) {
                    errors.error(item, key + "[" + i + "]", "expected a plain value (string, number or boolean), got "
                            + YamlNode.describe(item));
                    return null;
                }
                out.add(o);
            }
            return List.copyOf(out);
        }
        // String, and any other type: the text as written
        if (!(v instanceof YamlNode.Scalar s) || s.isNull()) {
            errors.error(v, key, "expected " + expectation(ps) + ", got " + YamlNode.describe(v));
            return null;
        }
        List<String> allowed = ps.allowed() == null ? List.of() : ps.allowed();
        if (!allowed.isEmpty() && !allowed.contains(s.text())) {
            errors.error(v, key, "'" + s.text() + "' is not one of: " + String.join(", ", allowed)
                    + Suggest.didYouMean(s.text(), allowed));
            return null;
        }
        return s.text();
    }

    /** A block of named strings: only its accepted keys, each a non-empty plain value. */
    private Map<String, Object> block(ParamSpec ps, YamlNode v, String key) {
        if (!(v instanceof YamlNode.Mapping m)) {
            errors.error(v, key, "expected " + expectation(ps) + ", got " + YamlNode.describe(v));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlNode.Entry e : m.entries().values()) {
            String ek = key + "." + e.key();
            if (!ps.allowed().contains(e.key())) {
                errors.errorAt(e, ek, "unknown key of '" + ps.name() + "'; accepted: " + String.join(", ", ps.allowed())
                        + Suggest.didYouMean(e.key(), ps.allowed()));
                ok = false;
            } else if (!(e.value() instanceof YamlNode.Scalar s) || s.isNull() || s.text().isBlank()) {
                errors.error(e.value(), ek, "expected a non-empty value, got " + YamlNode.describe(e.value()));
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

    Long integer(YamlNode v, String key, Double min, Double max, long typeMin, long typeMax) {
        String expected = "an integer" + range(min, max);
        if (!(v instanceof YamlNode.Scalar s) || s.kind() != YamlNode.Kind.INT) {
            errors.error(v, key, "expected " + expected + ", got " + YamlNode.describe(v));
            return null;
        }
        if (!(s.value() instanceof Long n) || n < typeMin || n > typeMax) {
            String limit = typeMax == Integer.MAX_VALUE ? "a 32-bit" : "a 64-bit";
            errors.error(v, key, s.value() == null ? "cannot read '" + s.text() + "' as an integer"
                    : "value " + s.text() + " does not fit in " + limit + " integer; expected " + expected);
            return null;
        }
        if ((min != null && n < min) || (max != null && n > max)) {
            errors.error(v, key, "value " + s.text() + " is out of range; expected " + expected);
            return null;
        }
        return n;
    }

    private Double number(YamlNode v, String key, Double min, Double max) {
        String expected = "a number" + range(min, max);
        if (!(v instanceof YamlNode.Scalar s)
                || (s.kind() != YamlNode.Kind.INT && s.kind() != YamlNode.Kind.FLOAT)) {
            errors.error(v, key, "expected " + expected + ", got " + YamlNode.describe(v));
            return null;
        }
        double d;
        if (s.value() instanceof Number n) {
            d = n.doubleValue();
        } else {
            d = Double.NaN;
        }
        if (!Double.isFinite(d)) {
            errors.error(v, key, "expected a finite number" + range(min, max) + ", got " + s.text());
            return null;
        }
        if ((min != null && d < min) || (max != null && d > max)) {
            errors.error(v, key, "value " + s.text() + " is out of range; expected " + expected);
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

    static String expectation(ParamSpec ps) {
        Class<?> t = ps.type();
        if (isInt(t) || t == Long.class || t == long.class) return "an integer" + range(ps.min(), ps.max());
        if (isNumber(t)) return "a number" + range(ps.min(), ps.max());
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (t != null && Collection.class.isAssignableFrom(t)) return "a list";
        if (ps.isBlock()) return "a mapping with keys " + String.join(", ", ps.allowed());
        if (ps.allowed() != null && !ps.allowed().isEmpty()) return "one of: " + String.join(", ", ps.allowed());
        return "a string";
    }

    static Object normalizeDefault(ParamSpec ps) {
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
}
