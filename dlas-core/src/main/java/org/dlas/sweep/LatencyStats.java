package org.dlas.sweep;

import java.util.Arrays;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

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
        if (samplesMs.length == 0) throw new InvalidInputException(ErrorKind.MISSING, "no latency samples");
        double[] sorted = samplesMs.clone();
        Arrays.sort(sorted);
        return new LatencyStats(percentile(sorted, 50), percentile(sorted, 10), percentile(sorted, 90), samplesMs.length);
    }

    /**
     * The {@code p}-th percentile of {@code sorted} by linear interpolation between closest ranks
     * (Hyndman and Fan's type 7, R's and numpy's default): position (n - 1) p / 100 from the first.
     */
    static double percentile(double[] sorted, double p) {
        double position = (sorted.length - 1) * p / 100;
        int below = (int) Math.floor(position);
        if (below >= sorted.length - 1) return sorted[sorted.length - 1];
        return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
    }
}
