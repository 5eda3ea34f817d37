package org.dlas.sweep;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Median and p10/p90 spread of repeated timings (never a single run). */
public record LatencyStats(double medianMs, double p10Ms, double p90Ms, int repeats) {

    public static LatencyStats of(double[] samplesMs) {
        if (samplesMs.length == 0) throw new IllegalArgumentException("no latency samples");
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(samplesMs);
        return new LatencyStats(p.evaluate(50), p.evaluate(10), p.evaluate(90), samplesMs.length);
    }
}
