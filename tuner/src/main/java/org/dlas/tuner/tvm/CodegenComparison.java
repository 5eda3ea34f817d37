package org.dlas.tuner.tvm;

import java.util.Arrays;
import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.sweep.LatencyStats;
import org.dlas.sweep.Outputs;
import org.dlas.target.HardwareTarget;
import org.dlas.target.JvmTarget;
import org.dlas.target.PreparedModel;
import org.dlas.tvm.TvmInstallation;

/**
 * One model's latency on the jvm reference kernels, TVM untuned and TVM auto-scheduled, measured
 * in the same process one after the other with the same images, warm-up and repeats, so the ratios
 * are comparable even on a noisy machine. Labels of every TVM build are compared with the jvm's.
 */
public final class CodegenComparison {

    /** What is compared and how it is timed. */
    public record Settings(String primitive, int trials, String costModel, int batch, int warmup, int repeats, int checkImages) { }

    /** One model's figures. Speedups are jvm/untuned and untuned/tuned median latency. */
    public record Row(String model, LatencyStats jvm, LatencyStats untuned, LatencyStats tuned, double tuningSeconds,
                      int tuningRecords, boolean untunedLabelsAgree, boolean tunedLabelsAgree, String notes) {
        public double untunedOverJvm() { return jvm.medianMs() / untuned.medianMs(); }
        public double tunedOverUntuned() { return untuned.medianMs() / tuned.medianMs(); }
        public double tunedOverJvm() { return jvm.medianMs() / tuned.medianMs(); }
    }

    private final HardwareTarget jvm = new JvmTarget();
    private final HardwareTarget cpu;

    public CodegenComparison(HardwareTarget cpu) {
        this.cpu = cpu;
    }

    public Row compare(String model, Graph graph, Dataset images, Settings s) throws Exception {
        Choice prim = Choice.of(s.primitive());
        Choice tunedCodegen = new Choice(TvmTarget.AUTOSCHEDULED, Map.of("trials", s.trials(), "cost_model", s.costModel()));
        Measured ref = measure(jvm, graph, prim, Choice.of("none"), images, s);
        Measured untuned = measure(cpu, graph, prim, Choice.of(TvmTarget.UNTUNED), images, s);
        Measured tuned = measure(cpu, graph, prim, tunedCodegen, images, s);
        return new Row(model, ref.latency, untuned.latency, tuned.latency, tuned.metrics.getOrDefault("tuning_s", 0.0),
                tuned.metrics.getOrDefault("tuning_records", 0.0).intValue(),
                Arrays.equals(ref.labels, untuned.labels), Arrays.equals(ref.labels, tuned.labels), tuned.notes);
    }

    private record Measured(LatencyStats latency, int[] labels, Map<String, Double> metrics, String notes) { }

    private static Measured measure(HardwareTarget t, Graph g, Choice prim, Choice codegen, Dataset images, Settings s) throws Exception {
        try (PreparedModel m = t.prepare(g, Choice.of(t.name()), prim, codegen, s.batch())) {
            int per = images.imageSize();
            float[] check = Arrays.copyOf(images.images(), s.checkImages() * per);
            float[] logits = m.infer(check, s.checkImages());
            int[] labels = new Outputs(logits, s.checkImages(), logits.length / s.checkImages()).top1();
            float[] input = Arrays.copyOf(images.images(), s.batch() * per);
            LatencyStats latency = LatencyStats.measure(m::infer, input, s.batch(), s.warmup(), s.repeats());
            return new Measured(latency, labels, m.extraMetrics(), m.notes());
        }
    }


    /** The table's header line. */
    public static String header() {
        return String.format("%-12s %10s %10s %10s %9s %9s %9s %9s %7s  %s", "model", "jvm ms", "untuned ms", "tuned ms",
                "unt/jvm", "tun/unt", "tun/jvm", "tuning s", "records", "labels vs jvm");
    }

    /** One model's line of the table. */
    public static String line(Row r, Settings s) {
        return String.format(java.util.Locale.ROOT, "%-12s %10.3f %10.3f %10.3f %8.2fx %8.2fx %8.2fx %9.1f %7d  %s",
                r.model(), r.jvm().medianMs(), r.untuned().medianMs(), r.tuned().medianMs(), r.untunedOverJvm(),
                r.tunedOverUntuned(), r.tunedOverJvm(), r.tuningSeconds(), r.tuningRecords(),
                (r.untunedLabelsAgree() && r.tunedLabelsAgree() ? "same" : "DIFFER") + " on " + s.checkImages() + " images");
    }

    /** How the figures were measured, printed under the table. */
    public static String howMeasured(Settings s) {
        return String.format("Latency: median wall-clock ms of %d calls after %d warm-up, batch %d, primitive %s, in one process on %d cores;"
                        + " jvm = dlas's Java kernels, untuned/tuned = TVM %s (llvm) through tvm4j, tuned = MetaSchedule %d trials (%s cost model)."
                        + " Tuning time is the wall clock of MetaSchedule's search, recorded when the build was made (a cached build is not re-tuned).",
                s.repeats(), s.warmup(), s.batch(), s.primitive(), Runtime.getRuntime().availableProcessors(), TvmInstallation.TVM_VERSION,
                s.trials(), s.costModel());
    }
}
