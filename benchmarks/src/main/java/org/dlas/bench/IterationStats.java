package org.dlas.bench;

import java.util.List;

/** How much a benchmark's measured iterations scatter. */
final class IterationStats {
    private IterationStats() {}

    /** (q3 - q1) / median of the iteration scores, quartiles by linear interpolation; 0 for fewer than 2 values. */
    static double relativeIqr(List<Double> values) {
        if (values.size() < 2) return 0;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double med = quantile(v, 0.5);
        return med > 0 ? (quantile(v, 0.75) - quantile(v, 0.25)) / med : 0;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = (sorted.length - 1) * q;
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
