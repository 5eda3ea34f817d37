package org.dlas.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small deterministic JSON writer for hashing: object keys sorted by {@link String#compareTo},
 * no whitespace, integers in plain decimal, floating-point numbers as the shortest decimal that
 * reads back to the same double (computed with BigDecimal, so it does not depend on the JDK's
 * {@code Double.toString}), always with a fraction or an exponent ({@code 1.0}, {@code 0.5},
 * {@code 1E+30}), {@code -0.0} written as {@code 0.0}, strings escaped minimally (quote,
 * backslash, control characters).
 */
final class CanonicalJson {

    private CanonicalJson() {}

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(number(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            sb.append(number(d.doubleValue()));
        } else if (value instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) sb.append(',');
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (value instanceof Enum<?> e) {
            string(sb, e.name());
        } else {
            string(sb, value.toString());
        }
    }

    /** Shortest round-tripping decimal; non-finite values become strings so the output stays JSON. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return "\"" + d + "\"";
        if (d == 0.0) return "0.0";
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal r = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -7 && exponent < 21) {
            String plain = shortest.toPlainString();
            return plain.indexOf('.') >= 0 ? plain : plain + ".0";
        }
        return shortest.toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
