package org.dlas.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@link KernelBenchReport} reads from a kernel benchmark summary ({@code kernels-summary.json},
 * schema {@value #SCHEMA}, written and validated by the benchmarks module's {@code KernelSummary}):
 * one {@link Result} per measured (engine, layer, primitive, precision, sparsity), the crossovers,
 * the Java-vs-TVM pairs and the machine peak.
 */
public record KernelBenchResults(List<Result> results, List<Crossover> crossovers, JsonNode javaVsTvm,
                                 String peakFormula, JsonNode raw) {
    public static final String SCHEMA = "dlas-kernel-bench-summary/1";

    /** One benchmark. {@code variant} is "java fp32", "java int8" or "tvm fp32". */
    public record Result(String engine, String layer, String primitive, String precision, double sparsity, long macs,
                         double gops, double peakFraction, boolean noisy) {
        public String variant() { return engine + " " + precision; }
        /** Median time per run in microseconds (from GOP/s = 2 MACs / time, exact by the summary's validation). */
        public double micros() { return 2.0 * macs / (gops * 1e3); }
    }

    /** Where {@code sparse} starts beating {@code dense} (null sparsity: never up to the highest measured). */
    public record Crossover(String engine, String layer, String precision, String sparse, String dense, Double sparsity, String text) {
        public String variant() { return engine + " " + precision; }
    }

    /** Reads a summary; a JMH result file (a JSON array) or another document is refused with the way out. */
    public static KernelBenchResults read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root.isArray()) {
            throw new IOException(file + " is JMH's own result file; summarise it first: java -cp benchmarks/target/benchmarks.jar "
                    + "org.dlas.bench.KernelBench --summarize " + file + " (writes kernels-summary.json beside it)");
        }
        if (!SCHEMA.equals(root.path("schema").asText())) throw new IOException(file + " is not a " + SCHEMA + " document");
        List<Result> results = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            results.add(new Result(engine(r), r.path("layer").asText(), r.path("primitive").asText(), r.path("precision").asText(),
                    r.path("sparsity").asDouble(), r.path("macs").asLong(), r.path("gops").asDouble(),
                    r.path("peak_fraction").asDouble(Double.NaN), r.path("noisy").asBoolean()));
        }
        List<Crossover> crossovers = new ArrayList<>();
        for (JsonNode c : root.path("crossovers")) {
            JsonNode s = c.path("crossover_sparsity");
            crossovers.add(new Crossover(engine(c), c.path("layer").asText(), c.path("precision").asText(), c.path("sparse").asText(),
                    c.path("dense").asText(), s.isNumber() ? s.asDouble() : null, c.path("text").asText()));
        }
        return new KernelBenchResults(results, crossovers, root.path("java_vs_tvm"), root.path("machine").path("peak_formula").asText(), root);
    }

    /** Summaries written before TVM was measured have no engine field: their results are the Java kernels'. */
    private static String engine(JsonNode n) { return n.path("engine").asText("java"); }

    public List<String> layers() { return distinct(results.stream().map(Result::layer).toList()); }

    public List<String> variants() { return distinct(results.stream().map(Result::variant).toList()); }

    public List<String> primitives() { return distinct(results.stream().map(Result::primitive).toList()); }

    public Optional<Result> find(String variant, String layer, String primitive, double sparsity) {
        return results.stream().filter(r -> r.variant().equals(variant) && r.layer.equals(layer) && r.primitive.equals(primitive)
                && r.sparsity == sparsity).findFirst();
    }

    private static List<String> distinct(List<String> values) { return List.copyOf(new LinkedHashSet<>(values)); }
}
