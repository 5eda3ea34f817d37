package org.dlas.tuner.tvm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.sweep.LatencyStats;
import org.dlas.sweep.Outputs;
import org.dlas.target.HardwareTarget;
import org.dlas.target.JvmTarget;
import org.dlas.target.PreparedModel;
import org.dlas.ort.OnnxRuntimeTarget;
import org.dlas.tvm.TvmInstallation;

/**
 * One model's latency on the jvm reference kernels, TVM untuned, TVM auto-scheduled and ONNX
 * Runtime (the same model exported to ONNX), measured in the same process one after the other
 * with the same images, warm-up and repeats, so the ratios are comparable even on a noisy machine.
 * Labels of every build are compared with the jvm's.
 */
public final class CodegenComparison {

    /** What is compared and how it is timed; {@code trials} 0 leaves auto-scheduling out. */
    public record Settings(String primitive, int trials, String costModel, int batch, int warmup, int repeats, int checkImages) {
        public boolean tuned() { return trials > 0; }
    }

    /**
     * One model's figures; {@code tuned} is null when auto-scheduling was left out. Ratios are
     * median latency over ONNX Runtime's (above 1: slower than ONNX Runtime).
     */
    public record Row(String model, LatencyStats jvm, LatencyStats untuned, LatencyStats tuned, LatencyStats ort,
                      double tuningSeconds, int tuningRecords, boolean labelsAgree, String notes) {
        public double overOrt(LatencyStats s) { return s == null ? Double.NaN : s.medianMs() / ort.medianMs(); }
        public double tunedOverUntuned() { return tuned == null ? Double.NaN : untuned.medianMs() / tuned.medianMs(); }
    }

    private final HardwareTarget jvm = new JvmTarget();
    private final HardwareTarget ort = new OnnxRuntimeTarget();
    private final HardwareTarget cpu;

    public CodegenComparison(HardwareTarget cpu) {
        this.cpu = cpu;
    }

    public Row compare(String model, Graph graph, Dataset images, Settings s) throws Exception {
        Choice prim = Choice.of(s.primitive());
        Measured ref = measure(jvm, graph, prim, Choice.of("none"), images, s);
        Measured untuned = measure(cpu, graph, prim, Choice.of(TvmTarget.UNTUNED), images, s);
        Measured tuned = null;
        if (s.tuned()) {
            Choice codegen = new Choice(TvmTarget.AUTOSCHEDULED, Map.of("trials", s.trials(), "cost_model", s.costModel()));
            tuned = measure(cpu, graph, prim, codegen, images, s);
        }
        // ONNX Runtime picks its own kernels: the primitive does not apply to it
        Measured onnx = measure(ort, graph, Choice.of("direct"), Choice.of("none"), images, s);
        boolean agree = Arrays.equals(ref.labels, untuned.labels) && Arrays.equals(ref.labels, onnx.labels)
                && (tuned == null || Arrays.equals(ref.labels, tuned.labels));
        return new Row(model, ref.latency, untuned.latency, tuned == null ? null : tuned.latency, onnx.latency,
                tuned == null ? 0 : tuned.metrics.getOrDefault("tuning_s", 0.0),
                tuned == null ? 0 : tuned.metrics.getOrDefault("tuning_records", 0.0).intValue(), agree,
                (tuned == null ? untuned : tuned).notes);
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
        return String.format("%-12s %8s %10s %8s %8s %8s %8s %8s %8s %9s %7s  %s", "model", "jvm ms", "untuned ms", "tuned ms", "ORT ms",
                "jvm/ORT", "unt/ORT", "tun/ORT", "tun/unt", "tuning s", "records", "labels vs jvm");
    }

    /** One model's line of the table. */
    public static String line(Row r, Settings s) {
        return String.format(Locale.ROOT, "%-12s %8.3f %10.3f %8s %8.3f %7.2fx %7.2fx %8s %8s %9.1f %7d  %s",
                r.model(), r.jvm().medianMs(), r.untuned().medianMs(), r.tuned() == null ? "-" : fmt("%.3f", r.tuned().medianMs()),
                r.ort().medianMs(), r.overOrt(r.jvm()), r.overOrt(r.untuned()),
                r.tuned() == null ? "-" : fmt("%.2fx", r.overOrt(r.tuned())), r.tuned() == null ? "-" : fmt("%.2fx", r.tunedOverUntuned()),
                r.tuningSeconds(), r.tuningRecords(), (r.labelsAgree() ? "same" : "DIFFER") + " on " + s.checkImages() + " images");
    }

    private static String fmt(String f, double v) { return String.format(Locale.ROOT, f, v); }

    /** The machine and TVM target the figures come from, printed above the table. */
    public static String machine() throws java.io.IOException {
        TvmInstallation.get().initTvm4j();
        return String.format(Locale.ROOT, "machine: %s, %d CPUs visible to the JVM, LLVM host CPU %s; TVM target \"%s\", %s; ORT: %s; %s",
                cpuModel(), Runtime.getRuntime().availableProcessors(), HostCpu.llvmName(), CpuTarget.llvmTarget(),
                TvmRuntimeThreads.describe(), new OnnxRuntimeTarget().description(), loadAverage());
    }

    /** The system's 1/5/15-minute load averages (other jobs on a shared machine move every figure). */
    public static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return load < 0 ? "load average unknown" : String.format(Locale.ROOT, "load average %.2f", load);
        }
    }

    private static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (java.io.IOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** How the figures were measured, printed under the table. */
    public static String howMeasured(Settings s) {
        return String.format(Locale.ROOT, "Latency: median wall-clock ms of %d calls after %d warm-up, batch %d, primitive %s, in one process,"
                        + " one engine after the other; jvm = dlas's Java kernels; untuned/tuned = TVM %s (llvm) through tvm4j, untuned ="
                        + " TVM's own strategy and schedule templates with their fallback configurations%s; ORT = ONNX Runtime (CPU execution"
                        + " provider, its default threads) on the model exported to ONNX. x/ORT = latency over ONNX Runtime's (above 1: slower)."
                        + " Tuning time is the wall clock of MetaSchedule's search, recorded when the build was made (a cached build is not re-tuned).",
                s.repeats(), s.warmup(), s.batch(), s.primitive(), TvmInstallation.TVM_VERSION,
                s.tuned() ? String.format(Locale.ROOT, ", tuned = MetaSchedule %d trials (%s cost model)", s.trials(), s.costModel())
                        : " (auto-scheduling left out: --trials 0)");
    }
}
