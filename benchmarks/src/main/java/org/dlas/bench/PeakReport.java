package org.dlas.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link PeakBenchmark} and prints each kernel's fp32 rate as a fraction of one core's peak
 * (with the peak's formula) and against ONNX Runtime on the same layer, all from one run:
 * <pre>java -cp benchmarks/target/benchmarks.jar:onnx-runtime/target/onnx-runtime.jar:onnx-runtime/target/lib/* org.dlas.bench.PeakReport</pre>
 */
public final class PeakReport {
    /** One measured (shape, kernel). */
    public record Line(String shape, String kernel, double medianMicros, double minMicros, long macs) {
        public double gflops(double micros) { return 2.0 * macs / (micros * 1e3); }
    }

    private PeakReport() {}

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include("^" + PeakBenchmark.class.getName() + ".conv$")
                .shouldFailOnError(true).verbosity(VerboseMode.SILENT).build()).run();
        List<Line> lines = new ArrayList<>();
        for (RunResult r : results) {
            String shape = r.getParams().getParam("shape"), kernel = r.getParams().getParam("kernel");
            var stats = r.getPrimaryResult().getStatistics();
            lines.add(new Line(shape, kernel, stats.getPercentile(50), stats.getMin(), PeakBenchmark.SHAPES.get(shape).macs(1)));
        }
        System.out.print(table(lines, MachinePeak.detect(1)));
    }

    /** The printed report: the peak's formula, then one line per kernel with its share of the peak and its time over ORT's. */
    static String table(List<Line> lines, MachinePeak onecore) {
        StringBuilder sb = new StringBuilder();
        sb.append("one core's fp32 peak: ").append(onecore.formula()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-26s %-13s %10s %10s %9s %9s %9s %9s%n", "shape", "kernel", "median us", "fastest us",
                "GFLOP/s", "of peak", "median", "fastest"));
        sb.append(String.format(Locale.ROOT, "%-26s %-13s %10s %10s %9s %9s %9s %9s%n", "", "", "", "", "(fastest)", "(fastest)", "/ORT", "/ORT"));
        Map<String, Line> ort = new HashMap<>();
        for (Line l : lines) if (l.kernel().equals(PeakBenchmark.ORT)) ort.put(l.shape(), l);
        for (Line l : lines) {
            Line o = ort.get(l.shape());
            sb.append(String.format(Locale.ROOT, "%-26s %-13s %10.2f %10.2f %9.1f %8.1f%% %9s %9s%n", l.shape(), l.kernel(), l.medianMicros(),
                    l.minMicros(), l.gflops(l.minMicros()), 100 * l.gflops(l.minMicros()) / onecore.gflops(),
                    o == null ? "-" : String.format(Locale.ROOT, "%.2fx", l.medianMicros() / o.medianMicros()),
                    o == null ? "-" : String.format(Locale.ROOT, "%.2fx", l.minMicros() / o.minMicros())));
        }
        sb.append("Measured by JMH in one run (1 fork per case, 3 x 0.5 s warm-up, 5 x 0.5 s of sampled single runs of one image);"
                + " Java kernels on 1 thread with the Vector API module, ORT with 1 intra-op thread. On a shared machine the median"
                + " includes time the kernel was not running; the fastest run is the kernel's own speed. x/ORT: time over ORT's.\n");
        return sb.toString();
    }
}
