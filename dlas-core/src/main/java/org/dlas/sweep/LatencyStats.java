package org.dlas.sweep;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Median and p10/p90 spread of repeated timings (never a single run). */
public record LatencyStats(double medianMs, double p10Ms, double p90Ms, int repeats) {

    /**
     * Times {@code repeats} calls of {@code f} on the same {@code batch} images after {@code warmup}
     * untimed calls (wall clock, {@link System#nanoTime()}).
     */
    public static LatencyStats measure(Workbench.Runner.Inference f, float[] input, int batch, int warmup, int repeats) throws Exception {
        for (int i = 0; i < warmup; i++) f.infer(input, batch);
        double[] samples = new double[repeats];
        for (int i = 0; i < samples.length; i++) {
            long t0 = System.nanoTime();
            f.infer(input, batch);
            samples[i] = (System.nanoTime() - t0) / 1e6;
        }
        return of(samples);
    }

    public static LatencyStats of(double[] samplesMs) {
        if (samplesMs.length == 0) throw new IllegalArgumentException("no latency samples");
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(samplesMs);
        return new LatencyStats(p.evaluate(50), p.evaluate(10), p.evaluate(90), samplesMs.length);
    }
}
