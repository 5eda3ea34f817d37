package org.dlas.tuner.reuse;

import java.util.Arrays;

import org.apache.tvm.Device;
import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.tuner.tvm.CompiledLibrary;
import org.dlas.tuner.tvm.TvmGraphModel;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Latency of a TVM-built model through the tvm4j graph executor in this JVM, one image per call:
 * {@code warmup} calls, then the wall clock ({@link System#nanoTime}) of each of {@code runs}
 * calls (input copy, run, output copy), summarised as median and 10th/90th percentiles.
 */
public final class LatencyMeter {
    /** Milliseconds per image: median and 10th/90th percentiles of {@code runs} timed calls. */
    public record Latency(double medianMs, double p10Ms, double p90Ms, int runs) { }

    private final int warmup;
    private final int runs;
    private final Dataset images;

    public LatencyMeter(int warmup, int runs, Dataset images) {
        if (runs < 1 || warmup < 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "runs >= 1 and warmup >= 0 needed");
        this.warmup = warmup;
        this.runs = runs;
        this.images = images;
    }

    public int warmup() { return warmup; }
    public int runs() { return runs; }

    public Latency measure(CompiledLibrary built, Graph model) throws Exception {
        try (TvmGraphModel m = new TvmGraphModel(built, Device.cpu(), 1, model.inputShape(), model.outputShape().size())) {
            for (int i = 0; i < warmup; i++) m.infer(images.image(i % images.size()), 1);
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                float[] image = images.image(i % images.size());
                long t0 = System.nanoTime();
                m.infer(image, 1);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return new Latency(percentile(ms, 0.5), percentile(ms, 0.1), percentile(ms, 0.9), runs);
        }
    }

    /** Where the figures come from, for printed tables and CSV headers. */
    public String howMeasured() {
        return String.format("wall clock of tvm4j graph-executor calls, batch 1, median of %d calls after %d warm-up calls, on this machine's CPU (%d cores)",
                runs, warmup, Runtime.getRuntime().availableProcessors());
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
