package org.dlas.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Post-processing of JMH's JSON results for {@link ConvKernelBenchmark} and
 * {@link TvmConvKernelBenchmark} (each row carries its {@link Engine}): GOP/s, fraction of peak,
 * sparse-vs-dense crossovers per engine, the Java-vs-TVM pairs ({@link EngineComparison}), the
 * summary JSON ({@code kernels-summary.json}), its validator and the printed tables. Nothing here is measured; it only reads the JMH file, so it
 * can be rerun on any earlier result ({@code KernelBench --summarize FILE}). One class a job: {@link JmhResults}
 * (parsing), {@link IterationStats} (scatter), {@link Crossovers}, {@link SummaryJson}, {@link SummaryValidator} and
 * {@link KernelReport} (printed tables); this class holds the shared records and the entry points.
 *
 * <p>Conventions:
 * <ul>
 *   <li>The time per run is JMH's median over measured iterations ({@code scorePercentiles["50.0"]},
 *       robust on a noisy machine); the JMH mean score and its 99.9% error are kept alongside.</li>
 *   <li>{@code GOP/s = 2 * MACs / time} with the layer's dense MAC count, also for sparse
 *       primitives (an "effective" rate that compares directly with dense kernels);
 *       {@code gops_nonzero} counts only the MACs of non-zero weights.</li>
 *   <li>{@code peak_fraction} is against the fp32 FMA peak of the whole machine ({@link MachinePeak}),
 *       int8 included (the Java kernels accumulate int8 in 32-bit lanes without FMA, so that
 *       peak bounds them too); {@code peak_fraction_used_cores} is against the peak of the
 *       cores the run could use (1 for layers under {@code Parallel.thresholdMacs()}).</li>
 * </ul>
 */
public final class KernelSummary {
    public static final String SCHEMA = org.dlas.report.KernelBenchResults.SCHEMA;
    /** The Java kernels' benchmark; {@link Engine} names the TVM one. */
    public static final String BENCHMARK = Engine.JAVA.benchmark;
    /** The sparse-vs-dense comparisons reported: each sparse primitive against gemm. */
    public static final List<String[]> PAIRS = List.of(new String[] {"csr", "gemm"}, new String[] {"bsr", "gemm"});

    /** Iterations whose interquartile range exceeds this fraction of the median mark a result as noisy. */
    public static final double NOISY_REL_IQR = 0.2;

    /** One measured benchmark, with the derived numbers. */
    public record Row(Engine engine, String layer, String primitive, String precision, double sparsity, int batch,
                      long macs, double weightZeroFraction, double score, double scoreError,
                      double scoreMedian, String scoreUnit, int iterations, double secondsMedian,
                      double gops, double gopsMean, double gopsNonzero, int threadsUsed,
                      double peakFraction, double peakFractionUsedCores, double relIqr, double scoreMin,
                      double gopsBest) {
        /** Whether the measured iterations scatter by more than {@link #NOISY_REL_IQR} (interquartile range / median). */
        public boolean noisy() { return relIqr > NOISY_REL_IQR; }

        public String key() { return new BenchCase(engine, layer, primitive, precision, sparsity).id(); }
    }

    /**
     * Crossover of one sparse primitive against a dense one on one layer and precision.
     *
     * @param sparsity   the lowest measured sparsity at which sparse is faster, or null if never
     * @param consistent whether sparse is also faster at every higher measured sparsity
     * @param speedups   per measured sparsity, dense time / sparse time (> 1: sparse wins)
     */
    public record Crossover(Engine engine, String layer, String precision, String sparse, String dense, Double sparsity,
                            boolean consistent, double maxSparsity, Map<Double, Double> speedups, String text,
                            boolean noisy) {}

    /** Machine- and run-level facts the JMH file does not hold. */
    public record Context(MachinePeak peak, int kernelThreads, long parallelThresholdMacs, String profile,
                          String jmhFile, List<BenchCase.Skipped> skipped, List<String> failed) {}

    private KernelSummary() {}

    // The jobs live in their own classes; these entry points keep the callers' one name for them.

    /** Reads a JMH JSON result file (an array of benchmark results). */
    public static JsonNode readJmh(Path file) throws IOException { return JmhResults.read(file); }

    /** Converts one score in a JMH unit to seconds per operation. */
    static double secondsPerOp(double score, String unit) { return JmhResults.secondsPerOp(score, unit); }

    /**
     * The rows of every {@link ConvKernelBenchmark} and {@link TvmConvKernelBenchmark} result in a JMH
     * JSON array (other benchmarks are ignored).
     */
    public static List<Row> rows(JsonNode jmh, MachinePeak peak, int defaultThreads, long thresholdMacs) {
        return JmhResults.rows(jmh, peak, defaultThreads, thresholdMacs);
    }

    /** (q3 - q1) / median of the iteration scores; 0 for fewer than 2 values. */
    static double relativeIqr(List<Double> values) { return IterationStats.relativeIqr(values); }

    static Optional<Row> find(List<Row> rows, Engine engine, String layer, String primitive, String precision, double sparsity) {
        return Crossovers.find(rows, engine, layer, primitive, precision, sparsity);
    }

    /** Where {@code sparse} starts beating {@code dense} on (layer, precision); see {@link Crossovers#crossover}. */
    public static Optional<Crossover> crossover(List<Row> rows, Engine engine, String layer, String precision, String sparse, String dense) {
        return Crossovers.crossover(rows, engine, layer, precision, sparse, dense);
    }

    /** All crossovers of {@link #PAIRS} for every engine, layer and precision that has results. */
    public static List<Crossover> crossovers(List<Row> rows) { return Crossovers.crossovers(rows); }

    public static ObjectNode summary(List<Row> rows, List<Crossover> crossovers, Context ctx) {
        return SummaryJson.summary(rows, crossovers, ctx);
    }

    public static void write(ObjectNode summary, Path file) throws IOException { SummaryJson.write(summary, file); }

    public static JsonNode read(Path file) throws IOException { return SummaryJson.read(file); }

    /** Problems with a summary document (empty: valid). */
    public static List<String> validate(JsonNode s) { return SummaryValidator.validate(s); }

    /** The printed report: GOP/s tables, crossovers and the peak derivation. */
    public static String report(List<Row> rows, List<Crossover> crossovers, Context ctx) {
        return KernelReport.report(rows, crossovers, ctx);
    }

    /** "fp32" for the Java kernels, "tvm fp32" for TVM (likewise for primitive names). */
    static String variant(Engine engine, String what) { return KernelReport.variant(engine, what); }

    /** The layers that have rows, in {@link Layers}' order. */
    static List<String> layersInOrder(List<Row> rows) {
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.add(r.layer()));
        List<String> ordered = new ArrayList<>();
        for (String l : Layers.names()) if (present.contains(l)) ordered.add(l);
        return ordered;
    }
}
