package org.dlas.store;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import org.dlas.store.ResultRow.Metric;

/** Null-safe access to a row's labels and metrics, and the number formats the human-facing outputs share. */
public final class Figures {

    private Figures() { }

    /** The metric's value, or null when absent (NaN stays NaN). */
    public static Double value(ResultRow row, String metric) {
        Map<String, Double> m = row.metrics();
        return m == null ? null : m.get(metric);
    }

    /** True when the metric is present and finite. */
    public static boolean has(ResultRow row, String metric) {
        Double v = value(row, metric);
        return v != null && Double.isFinite(v);
    }

    /** The axis label, or {@code ""} when absent. */
    public static String label(ResultRow row, String axis) {
        Map<String, String> l = row.labels();
        String v = l == null ? null : l.get(axis);
        return v == null ? "" : v;
    }

    /**
     * Exact, locale-independent, non-scientific text of a number for machine-readable output: integral values
     * without a fraction ({@code 10000}), others in the shortest form that round-trips ({@code 0.9123}); NaN and
     * infinities as {@code NaN}, {@code Infinity}, {@code -Infinity}.
     */
    public static String plain(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A fraction in [0, 1] as a percentage with {@code decimals} decimals, no % sign; "" when null/NaN. */
    public static String percent(Double fraction, int decimals) {
        if (fraction == null || !Double.isFinite(fraction)) return "";
        return String.format(Locale.ROOT, "%." + decimals + "f", fraction * 100.0);
    }

    /** Milliseconds with precision adapted to magnitude (3 significant-ish digits, at least 1 decimal). */
    public static String millis(Double ms) {
        if (ms == null || !Double.isFinite(ms)) return "";
        double a = Math.abs(ms);
        String fmt = a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 0.1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, fmt, ms);
    }

    /** {@code median [p10-p90]} in ms, or the median alone when percentiles are missing; "" without a median. */
    public static String latency(ResultRow row, String dash) {
        Double med = value(row, Metric.LATENCY_MEDIAN_MS);
        if (med == null || !Double.isFinite(med)) return "";
        Double p10 = value(row, Metric.LATENCY_P10_MS);
        Double p90 = value(row, Metric.LATENCY_P90_MS);
        if (p10 == null || p90 == null || !Double.isFinite(p10) || !Double.isFinite(p90)) return millis(med);
        return millis(med) + " [" + millis(p10) + dash + millis(p90) + "]";
    }

    /** Bytes as KiB ("KB" in headers) with one decimal; "" when null. */
    public static String kilobytes(Double bytes) {
        if (bytes == null || !Double.isFinite(bytes)) return "";
        return String.format(Locale.ROOT, "%.1f", bytes / 1024.0);
    }

    /** A count with a k/M/G/T suffix and 3 significant digits ({@code 950}, {@code 12.3k}, {@code 4.56M}). */
    public static String count(Double n) {
        if (n == null || !Double.isFinite(n)) return "";
        double a = Math.abs(n);
        String[] suffix = {"", "k", "M", "G", "T", "P"};
        int k = 0;
        while (a >= 999.5 && k < suffix.length - 1) {
            a /= 1000;
            k++;
        }
        double signed = Math.copySign(a, n);
        if (k == 0) return n == Math.rint(n) ? Long.toString(Math.round(n)) : String.format(Locale.ROOT, "%.3g", n);
        String fmt = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, fmt, signed) + suffix[k];
    }

    /** An integer-valued metric as a plain integer ({@code 10000}); "" when null. */
    public static String integer(Double n) {
        if (n == null || !Double.isFinite(n)) return "";
        return Long.toString(Math.round(n));
    }
}
