package org.dlas.compression;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.kernels.ConvPrimitive;

/**
 * Per-tensor activation ranges observed on calibration images: min/max in one pass and, for
 * percentile calibration, a second pass filling a fine histogram over [min, max] from which the
 * two-sided percentiles are read (the upper edge of the bin holding the upper percentile, the
 * lower edge of the bin holding the lower one, so the range errs on the covering side).
 */
final class ActivationRanges {
    static final int BINS = 1 << 14;

    /** A calibrated range of one tensor; {@code count} is the number of values seen. */
    record Range(double min, double max, long count) { }

    private ActivationRanges() { }

    static Map<String, Range> minMax(Graph fp32, CalibrationData data, ConvPrimitive primitive, Set<String> tensors) {
        Map<String, double[]> acc = new HashMap<>();
        for (String t : tensors) acc.put(t, new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
        Calibrator.run(fp32, data, primitive, tensors, (node, out, n) -> {
            double[] a = acc.get(node.name());
            float lo = (float) a[0], hi = (float) a[1];
            for (float v : out) {
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            a[0] = Math.min(a[0], lo);
            a[1] = Math.max(a[1], hi);
            a[2] += out.length;
        });
        Map<String, Range> ranges = new HashMap<>();
        for (var e : acc.entrySet()) ranges.put(e.getKey(), new Range(e.getValue()[0], e.getValue()[1], (long) e.getValue()[2]));
        return ranges;
    }

    /**
     * Two-sided percentile ranges: the upper bound is the {@code percentile}-th percentile of the
     * values, the lower bound the {@code (100 - percentile)}-th.
     */
    static Map<String, Range> percentile(Graph fp32, CalibrationData data, ConvPrimitive primitive, Set<String> tensors,
                                         double percentile) {
        Map<String, Range> mm = minMax(fp32, data, primitive, tensors);
        if (percentile >= 100) return mm;
        Map<String, long[]> hist = new HashMap<>();
        for (String t : tensors) hist.put(t, new long[BINS]);
        Calibrator.run(fp32, data, primitive, tensors, (node, out, n) -> {
            Range r = mm.get(node.name());
            long[] h = hist.get(node.name());
            double width = r.max() - r.min();
            if (width <= 0) {
                h[0] += out.length;
                return;
            }
            double perBin = BINS / width;
            for (float v : out) {
                int b = (int) ((v - r.min()) * perBin);
                h[Math.max(0, Math.min(BINS - 1, b))]++;
            }
        });
        Map<String, Range> ranges = new HashMap<>();
        double tail = (100 - percentile) / 100;
        for (String t : tensors) {
            Range r = mm.get(t);
            long[] h = hist.get(t);
            long total = r.count();
            double binWidth = (r.max() - r.min()) / BINS;
            long lowRank = Math.max(1, (long) Math.floor(tail * total) + 1);   // 1-based rank of the lower percentile value
            long highRank = Math.max(1, (long) Math.ceil((1 - tail) * total));
            double lo = r.min(), hi = r.max();
            long cum = 0;
            boolean loFound = false;
            for (int b = 0; b < BINS; b++) {
                cum += h[b];
                if (!loFound && cum >= lowRank) {
                    lo = r.min() + b * binWidth;
                    loFound = true;
                }
                if (cum >= highRank) {
                    hi = Math.min(r.max(), r.min() + (b + 1) * binWidth);
                    break;
                }
            }
            ranges.put(t, new Range(lo, hi, total));
        }
        return ranges;
    }
}
