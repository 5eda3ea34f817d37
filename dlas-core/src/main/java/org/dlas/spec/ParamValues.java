package org.dlas.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Parameter values checked against {@link ParamSpec}s: unknown names, wrong types and
 * out-of-range values are rejected with an {@link IllegalArgumentException} that names what is
 * accepted. Used for compression choices and for the settings written in an environment.
 */
public final class ParamValues {
    private ParamValues() { }

    /**
     * The given values, converted to each spec's type, with defaults filled; {@code subject} opens
     * every error message, e.g. {@code compression 'prune'}.
     */
    public static Map<String, Object> resolve(String subject, Map<String, ?> given, List<ParamSpec> specs) {
        Map<String, Object> out = new TreeMap<>(checked(subject, given, specs));
        for (ParamSpec p : specs) {
            if (out.containsKey(p.name())) continue;
            if (p.defaultValue() == null) throw new InvalidInputException(ErrorKind.MISSING, subject + " needs parameter '" + p.name() + "' (" + p.description() + ")").at(p.name());
            out.put(p.name(), convert(subject, p, p.defaultValue()));
        }
        return out;
    }

    /** Only the given values, converted to each spec's type (no defaults added). */
    public static Map<String, Object> checked(String subject, Map<String, ?> given, List<ParamSpec> specs) {
        Map<String, ParamSpec> byName = byName(specs);
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            ParamSpec p = byName.get(e.getKey());
            if (p == null) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, subject + " has no parameter '" + e.getKey() + "'; accepted: "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))).at(e.getKey());
            }
            out.put(p.name(), convert(subject, p, e.getValue()));
        }
        return out;
    }

    public static Map<String, ParamSpec> byName(List<ParamSpec> specs) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec p : specs) byName.put(p.name(), p);
        return byName;
    }

    /** One value as the spec's type: a number in range, an integer, true/false or an allowed string. */
    public static Object convert(String subject, ParamSpec p, Object raw) {
        String where = subject + " parameter '" + p.name() + "'";
        if (p.type() == Double.class || p.type() == Integer.class) {
            double v;
            if (raw instanceof Number n) v = n.doubleValue();
            else {
                try {
                    v = Double.parseDouble(String.valueOf(raw).trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(ErrorKind.BAD_FORMAT, where + " must be a number, got '" + raw + "'").at(p.name());
                }
            }
            if (Double.isNaN(v) || (p.min() != null && v < p.min()) || (p.max() != null && v > p.max())) {
                throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, where + " must be in [" + fmt(p.min()) + ", " + fmt(p.max()) + "], got " + raw).at(p.name());
            }
            if (p.type() == Integer.class) {
                if (v != Math.rint(v)) throw new InvalidInputException(ErrorKind.BAD_FORMAT, where + " must be an integer, got " + raw).at(p.name());
                return (int) v;
            }
            return v;
        }
        if (p.type() == Boolean.class) {
            if (raw instanceof Boolean b) return b;
            String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, where + " must be true or false, got '" + raw + "'").at(p.name());
        }
        if (p.type() == String.class) {
            String s = String.valueOf(raw);
            if (!p.allowed().isEmpty() && !p.allowed().contains(s)) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, where + " must be one of " + String.join(", ", p.allowed()) + ", got '" + s + "'").at(p.name());
            }
            return s;
        }
        return raw;
    }

    private static String fmt(Double d) { return d == null ? "" : (d == Math.rint(d) ? String.valueOf(d.longValue()) : d.toString()); }
}
