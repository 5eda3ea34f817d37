package org.dlas.accel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A hardware choice's parameters checked against the target's {@link ParamSpec}s, with defaults
 * filled in. The sweep validator already does this for sweep files; targets repeat it so that a
 * choice built in code ({@code new Choice("maeri", Map.of("multipliers", 64))}) gets the same
 * checks and defaults.
 */
public final class TargetParams {
    private final String target;
    private final Map<String, Object> values;

    private TargetParams(String target, Map<String, Object> values) {
        this.target = target;
        this.values = values;
    }

    public static TargetParams resolve(Choice choice, List<ParamSpec> specs) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String key : choice.params().keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "hardware " + choice.name() + " takes no parameter '" + key + "'; accepted: "
                        + specs.stream().map(ParamSpec::name).toList()).at(key);
            }
        }
        for (ParamSpec s : specs) {
            Object x = choice.params().get(s.name());
            if (x == null) x = s.defaultValue();
            if (x == null) throw new InvalidInputException(ErrorKind.MISSING, "hardware " + choice.name() + " needs parameter '" + s.name() + "' (" + s.description() + ")").at(s.name());
            v.put(s.name(), check(choice.name(), s, x));
        }
        return new TargetParams(choice.name(), v);
    }

    private static Object check(String target, ParamSpec s, Object x) {
        String where = target + "." + s.name();
        if (s.type() == Integer.class) {
            if (!(x instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw new InvalidInputException(ErrorKind.BAD_FORMAT, where + " must be an integer, got " + x).at(s.name());
            range(where, s, n.doubleValue());
            return n.intValue();
        }
        if (s.type() == Double.class) {
            if (!(x instanceof Number n)) throw new InvalidInputException(ErrorKind.BAD_FORMAT, where + " must be a number, got " + x).at(s.name());
            range(where, s, n.doubleValue());
            return n.doubleValue();
        }
        if (s.type() == Boolean.class) {
            if (!(x instanceof Boolean)) throw new InvalidInputException(ErrorKind.BAD_FORMAT, where + " must be true or false, got " + x).at(s.name());
            return x;
        }
        String str = String.valueOf(x);
        if (!s.allowed().isEmpty() && !s.allowed().contains(str)) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, where + " must be one of " + s.allowed() + ", got '" + str + "'").at(s.name());
        return str;
    }

    private static void range(String where, ParamSpec s, double d) {
        if ((s.min() != null && d < s.min()) || (s.max() != null && d > s.max())) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, where + " must be in [" + plain(s.min()) + ", " + plain(s.max()) + "], got " + plain(d)).at(s.name());
        }
    }

    private static String plain(Double d) {
        if (d == null) return "";
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
    }

    public int integer(String key) { return (Integer) values.get(key); }
    public double number(String key) { return (Double) values.get(key); }
    public String string(String key) { return (String) values.get(key); }
    public boolean flag(String key) { return (Boolean) values.get(key); }
    public String target() { return target; }

    /** Requires {@code key} to be a power of two (tree and Benes networks need one). */
    public int powerOfTwo(String key) {
        int v = integer(key);
        if (Integer.bitCount(v) != 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, target + "." + key + " must be a power of two (its networks are binary trees / a Benes network), got " + v).at(key);
        return v;
    }
}
