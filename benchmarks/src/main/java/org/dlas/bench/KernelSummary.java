package org.dlas.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.kernels.Primitives;

/**
 * Post-processing of JMH's JSON results for {@link ConvKernelBenchmark} and
 * {@link TvmConvKernelBenchmark} (each row carries its {@link Engine}): GOP/s, fraction of peak,
 * sparse-vs-dense crossovers per engine, the Java-vs-TVM pairs ({@link EngineComparison}), the
 * summary JSON ({@code kernels-summary.json}), its validator and the printed tables. Nothing here is measured; it only reads the JMH file, so it
 * can be rerun on any earlier result ({@code KernelBench --summarize FILE}).
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

    // ------------------------------------------------------------------ reading JMH results

    /** Reads a JMH JSON result file (an array of benchmark results). */
    public static JsonNode readJmh(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (!root.isArray()) throw new IOException(file + " is not a JMH JSON result array");
        return root;
    }

    /** Converts one score in a JMH unit to seconds per operation. */
    static double secondsPerOp(double score, String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) throw new IllegalArgumentException("unexpected JMH unit " + unit);
        boolean timePerOp = parts[1].equals("op");
        String time = timePerOp ? parts[0] : parts[1];
        double s = switch (time) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit);
        };
        return timePerOp ? score * s : s / score; // ops/time -> time/op
    }

    /** Kernel threads a forked run used: -Ddlas.kernels.threads in its JVM arguments, else {@code fallback}. */
    static int threadsOf(JsonNode result, int fallback) {
        for (JsonNode a : result.path("jvmArgs")) {
            String s = a.asText();
            if (s.startsWith("-Ddlas.kernels.threads=")) {
                try {
                    return Math.max(1, Integer.parseInt(s.substring(s.indexOf('=') + 1).trim()));
                } catch (NumberFormatException ignored) { }
            }
        }
        return fallback;
    }

    /**
     * The rows of every {@link ConvKernelBenchmark} and {@link TvmConvKernelBenchmark} result in a JMH
     * JSON array (other benchmarks are ignored). TVM runs use TVM's own thread pool, so their
     * share of peak is always of all cores.
     */
    public static List<Row> rows(JsonNode jmh, MachinePeak peak, int defaultThreads, long thresholdMacs) {
        List<Row> rows = new ArrayList<>();
        Map<String, Double> zeroCache = new LinkedHashMap<>();
        for (JsonNode r : jmh) {
            Optional<Engine> engine = Engine.ofBenchmark(r.path("benchmark").asText());
            if (engine.isEmpty()) continue;
            JsonNode p = r.path("params");
            String layerName = p.path("layer").asText();
            if (!Layers.exists(layerName)) continue;
            Layers.Layer layer = Layers.get(layerName);
            String primitive = p.path("primitive").asText();
            String precision = p.path("precision").asText(engine.get().precisions.get(0));
            double sparsity = p.path("sparsity").asDouble();
            int batch = p.path("batch").asInt(1);
            JsonNode m = r.path("primaryMetric");
            String unit = m.path("scoreUnit").asText();
            double score = m.path("score").asDouble(Double.NaN);
            double error = m.path("scoreError").asDouble(Double.NaN);
            double median = m.path("scorePercentiles").path("50.0").asDouble(score);
            List<Double> raw = new ArrayList<>();
            for (JsonNode fork : m.path("rawData")) for (JsonNode v : fork) raw.add(v.asDouble());
            int iterations = raw.size();
            double relIqr = relativeIqr(raw);
            double min = raw.stream().mapToDouble(Double::doubleValue).min().orElse(median);
            long macs = layer.macs(batch);
            double secMedian = secondsPerOp(median, unit), secMean = secondsPerOp(score, unit);
            double zeros = zeroCache.computeIfAbsent(layerName + "/" + precision + "/" + sparsity,
                    k -> BenchData.zeroFraction(layer, precision, sparsity));
            int threads = engine.get() == Engine.TVM ? peak.cores() : threadsOf(r, defaultThreads);
            int used = engine.get() == Engine.TVM || macs > thresholdMacs && threads > 1 ? threads : 1;
            double gops = 2.0 * macs / secMedian / 1e9;
            rows.add(new Row(engine.get(), layerName, primitive, precision, sparsity, batch, macs, zeros, score, error,
                    median, unit, iterations, secMedian, gops, 2.0 * macs / secMean / 1e9,
                    gops * (1 - zeros), used, gops / peak.gflops(), gops / peak.gflops(used), relIqr,
                    min, 2.0 * macs / secondsPerOp(min, unit) / 1e9));
        }
        return rows;
    }

    /** (q3 - q1) / median of the iteration scores, quartiles by linear interpolation; 0 for fewer than 2 values. */
    static double relativeIqr(List<Double> values) {
        if (values.size() < 2) return 0;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double med = quantile(v, 0.5);
        return med > 0 ? (quantile(v, 0.75) - quantile(v, 0.25)) / med : 0;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = (sorted.length - 1) * q;
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    // ------------------------------------------------------------------ crossovers

    static Optional<Row> find(List<Row> rows, Engine engine, String layer, String primitive, String precision, double sparsity) {
        return rows.stream().filter(r -> r.engine == engine && r.layer.equals(layer) && r.primitive.equals(primitive)
                && r.precision.equals(precision) && r.sparsity == sparsity).findFirst();
    }

    /**
     * Where {@code sparse} starts beating {@code dense} on (layer, precision): the lowest measured
     * sparsity at which its median time is below the dense one's. The dense time at sparsity s
     * is its result at s when measured, else at sparsity 0 (a dense kernel's work does not depend
     * on the weight values). Both sides are of the same engine. Empty when either side has no result.
     */
    public static Optional<Crossover> crossover(List<Row> rows, Engine engine, String layer, String precision, String sparse, String dense) {
        List<Row> sp = rows.stream().filter(r -> r.engine == engine && r.layer.equals(layer) && r.primitive.equals(sparse)
                && r.precision.equals(precision)).sorted(Comparator.comparingDouble(Row::sparsity)).toList();
        Optional<Row> dense0 = find(rows, engine, layer, dense, precision, 0.0);
        if (sp.isEmpty()) return Optional.empty();
        Map<Double, Double> speedups = new LinkedHashMap<>();
        boolean noisy = false;
        for (Row s : sp) {
            Optional<Row> d = find(rows, engine, layer, dense, precision, s.sparsity).or(() -> dense0);
            if (d.isPresent()) {
                speedups.put(s.sparsity, d.get().secondsMedian / s.secondsMedian);
                noisy |= s.noisy() || d.get().noisy();
            }
        }
        if (speedups.isEmpty()) return Optional.empty();
        Double first = null;
        for (Map.Entry<Double, Double> e : speedups.entrySet()) {
            if (e.getValue() > 1.0) { first = e.getKey(); break; }
        }
        boolean consistent = true;
        if (first != null) {
            for (Map.Entry<Double, Double> e : speedups.entrySet()) {
                if (e.getKey() >= first && e.getValue() <= 1.0) consistent = false;
            }
        }
        double max = speedups.keySet().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String text = first == null ? "never up to " + percent(max)
                : percent(first) + (consistent ? "" : " (not monotone)");
        return Optional.of(new Crossover(engine, layer, precision, sparse, dense, first, first == null || consistent, max, speedups, text, noisy));
    }

    /** All crossovers of {@link #PAIRS} for every engine, layer and precision that has results. */
    public static List<Crossover> crossovers(List<Row> rows) {
        List<Crossover> out = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            for (String layer : layersInOrder(rows)) {
                for (String precision : engine.precisions) {
                    for (String[] pair : PAIRS) crossover(rows, engine, layer, precision, pair[0], pair[1]).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static String percent(double s) {
        return BenchCase.formatSparsity(Math.round(s * 1000) / 10.0) + "%";
    }

    private static List<String> layersInOrder(List<Row> rows) {
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.add(r.layer));
        List<String> ordered = new ArrayList<>();
        for (String l : Layers.names()) if (present.contains(l)) ordered.add(l);
        return ordered;
    }

    // ------------------------------------------------------------------ summary JSON

    public static ObjectNode summary(List<Row> rows, List<Crossover> crossovers, Context ctx) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("generated_at", java.time.Instant.now().toString());
        root.put("profile", ctx.profile);
        root.put("jmh_results", ctx.jmhFile);
        MachinePeak pk = ctx.peak;
        ObjectNode m = root.putObject("machine");
        m.put("cpu_model", pk.cpuModel());
        m.put("cores", pk.cores());
        m.put("smt", pk.smt());
        m.put("simd_fp32_lanes", pk.simdLanes());
        m.put("simd_source", pk.simdSource());
        m.put("fma_units_per_core", pk.fmaUnitsPerCore());
        m.put("fma_units_assumed", true);
        m.put("flop_per_fma", MachinePeak.FLOP_PER_FMA);
        putNumber(m, "mhz", pk.mhz());
        m.put("mhz_source", pk.mhzSource());
        putNumber(m, "peak_gflops", pk.gflops());
        m.put("peak_formula", pk.formula());
        root.put("kernel_threads", ctx.kernelThreads);
        root.put("parallel_threshold_macs", ctx.parallelThresholdMacs);
        ObjectNode conv = root.putObject("conventions");
        conv.put("time", "median of the measured iterations (JMH scorePercentiles 50.0); score/score_error are JMH's mean and 99.9% error");
        conv.put("gops", "2 * dense MACs / median time (effective rate, also for sparse primitives)");
        conv.put("gops_best", "2 * dense MACs / fastest measured iteration (score_min): what the kernel can do when nothing interferes");
        conv.put("gops_nonzero", "gops * (1 - weight_zero_fraction): only the MACs of non-zero weights");
        conv.put("peak_fraction", "gops / machine fp32 FMA peak (all cores); int8 is compared with the same peak");
        conv.put("peak_fraction_used_cores", "gops / peak of the threads the run could use (1 below parallel_threshold_macs)");
        conv.put("noisy", "interquartile range of the iterations > " + NOISY_REL_IQR + " x median (rel_iqr); marked * in the printed tables");
        conv.put("crossover", "lowest measured sparsity at which the sparse primitive's median time beats the dense one's (dense at sparsity 0 when not measured at that sparsity)");

        ArrayNode rs = root.putArray("results");
        for (Row r : rows) {
            ObjectNode o = rs.addObject();
            o.put("engine", r.engine.id());
            o.put("layer", r.layer);
            o.put("primitive", r.primitive);
            o.put("precision", r.precision);
            o.put("sparsity", r.sparsity);
            o.put("batch", r.batch);
            o.put("sparse_primitive", Primitives.isSparse(r.primitive));
            o.put("macs", r.macs);
            o.put("weight_zero_fraction", round(r.weightZeroFraction, 4));
            putNumber(o, "score", r.score);
            putNumber(o, "score_error", r.scoreError);
            putNumber(o, "score_median", r.scoreMedian);
            putNumber(o, "score_min", r.scoreMin);
            o.put("score_unit", r.scoreUnit);
            o.put("iterations", r.iterations);
            o.put("rel_iqr", round(r.relIqr, 4));
            o.put("noisy", r.noisy());
            putNumber(o, "gops", r.gops);
            putNumber(o, "gops_mean", r.gopsMean);
            putNumber(o, "gops_best", r.gopsBest);
            putNumber(o, "gops_nonzero", r.gopsNonzero);
            o.put("threads_used", r.threadsUsed);
            putNumber(o, "peak_fraction", r.peakFraction);
            putNumber(o, "peak_fraction_used_cores", r.peakFractionUsedCores);
        }
        ArrayNode cs = root.putArray("crossovers");
        for (Crossover c : crossovers) {
            ObjectNode o = cs.addObject();
            o.put("engine", c.engine.id());
            o.put("layer", c.layer);
            o.put("precision", c.precision);
            o.put("sparse", c.sparse);
            o.put("dense", c.dense);
            if (c.sparsity == null) o.putNull("crossover_sparsity"); else o.put("crossover_sparsity", c.sparsity);
            o.put("consistent", c.consistent);
            o.put("max_sparsity_measured", c.maxSparsity);
            o.put("text", c.text);
            o.put("noisy", c.noisy);
            ObjectNode sp = o.putObject("speedup_by_sparsity");
            c.speedups.forEach((s, v) -> putNumber(sp, BenchCase.formatSparsity(s), v));
        }
        ArrayNode sk = root.putArray("skipped");
        for (BenchCase.Skipped s : ctx.skipped) {
            ObjectNode o = sk.addObject();
            o.put("engine", s.engine().id());
            o.put("layer", s.layer());
            o.put("primitive", s.primitive());
            o.put("reason", s.reason());
        }
        root.set("java_vs_tvm", EngineComparison.toJson(EngineComparison.of(rows), JSON));
        ArrayNode fl = root.putArray("failed");
        ctx.failed.forEach(fl::add);
        return root;
    }

    public static void write(ObjectNode summary, Path file) throws IOException {
        if (file.getParent() != null) java.nio.file.Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), summary);
    }

    public static JsonNode read(Path file) throws IOException { return JSON.readTree(file.toFile()); }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v); else o.putNull(field);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    // ------------------------------------------------------------------ validation

    private static final List<String> RESULT_FIELDS = List.of("layer", "primitive", "precision", "sparsity", "batch",
            "macs", "weight_zero_fraction", "score", "score_median", "score_unit", "iterations", "rel_iqr", "noisy", "gops",
            "gops_nonzero", "threads_used", "peak_fraction", "peak_fraction_used_cores");

    /** Problems with a summary document (empty: valid). Checks the fields, GOP/s > 0 and crossover consistency. */
    public static List<String> validate(JsonNode s) {
        List<String> problems = new ArrayList<>();
        if (!SCHEMA.equals(s.path("schema").asText())) problems.add("schema is not " + SCHEMA);
        JsonNode m = s.path("machine");
        for (String f : List.of("cores", "simd_fp32_lanes", "fma_units_per_core", "flop_per_fma", "peak_formula", "mhz_source")) {
            if (!m.has(f)) problems.add("machine." + f + " missing");
        }
        boolean peakKnown = m.path("peak_gflops").isNumber();
        if (peakKnown && !(m.path("peak_gflops").asDouble() > 0)) problems.add("machine.peak_gflops not positive");
        if (peakKnown) {
            double expect = MachinePeak.peakGflops(m.path("cores").asInt(), m.path("simd_fp32_lanes").asInt(),
                    m.path("fma_units_per_core").asInt(), m.path("mhz").asDouble());
            if (Math.abs(expect - m.path("peak_gflops").asDouble()) > 1e-6 * expect) {
                problems.add("machine.peak_gflops " + m.path("peak_gflops") + " != cores x lanes x fma x 2 x GHz = " + expect);
            }
        }
        JsonNode results = s.path("results");
        if (!results.isArray()) {
            problems.add("results is not an array");
            return problems;
        }
        Set<String> keys = new TreeSet<>();
        for (JsonNode r : results) {
            String key = r.path("engine").asText(Engine.JAVA.id()) + ":" + r.path("layer").asText() + "/" + r.path("primitive").asText() + "/"
                    + r.path("precision").asText() + "/" + r.path("sparsity").asText();
            for (String f : RESULT_FIELDS) if (!r.has(f)) problems.add(key + ": " + f + " missing");
            if (!keys.add(key)) problems.add(key + ": duplicate result");
            double gops = r.path("gops").asDouble(Double.NaN);
            if (!(gops > 0) || !Double.isFinite(gops)) problems.add(key + ": gops not positive: " + r.path("gops"));
            if (!(r.path("macs").asLong() > 0)) problems.add(key + ": macs not positive");
            if (r.path("score_unit").asText().endsWith("/op")) {
                double sec = secondsPerOp(r.path("score_median").asDouble(), r.path("score_unit").asText());
                double expect = 2.0 * r.path("macs").asLong() / sec / 1e9;
                if (Math.abs(expect - gops) > 1e-6 * expect) problems.add(key + ": gops " + gops + " != 2*macs/time " + expect);
            }
            if (peakKnown && !(r.path("peak_fraction").asDouble() > 0)) problems.add(key + ": peak_fraction not positive");
            double z = r.path("weight_zero_fraction").asDouble(-1);
            if (z < 0 || z > 1) problems.add(key + ": weight_zero_fraction out of [0,1]");
        }
        for (JsonNode c : s.path("crossovers")) {
            String key = c.path("engine").asText(Engine.JAVA.id()) + " " + c.path("layer").asText() + " " + c.path("precision").asText() + " "
                    + c.path("sparse").asText() + " vs " + c.path("dense").asText();
            for (String f : List.of("layer", "precision", "sparse", "dense", "crossover_sparsity", "text", "speedup_by_sparsity")) {
                if (!c.has(f)) problems.add("crossover " + key + ": " + f + " missing");
            }
            // The crossover must be the lowest sparsity whose speedup exceeds 1.
            Double first = null;
            List<Double> sps = new ArrayList<>();
            c.path("speedup_by_sparsity").fieldNames().forEachRemaining(n -> sps.add(Double.parseDouble(n)));
            sps.sort(Double::compare);
            for (double sp : sps) {
                if (c.path("speedup_by_sparsity").path(BenchCase.formatSparsity(sp)).asDouble() > 1.0) { first = sp; break; }
            }
            JsonNode cx = c.path("crossover_sparsity");
            Double stated = cx.isNull() || cx.isMissingNode() ? null : cx.asDouble();
            if (!Objects.equals(first, stated)) problems.add("crossover " + key + ": stated " + stated + " but speedups say " + first);
        }
        problems.addAll(EngineComparison.validate(s));
        return problems;
    }

    // ------------------------------------------------------------------ printing

    private static String cell(Row r) { return fmtGops(r.gops) + (r.noisy() ? "*" : ""); }

    private static String fmtGops(double g) {
        if (!Double.isFinite(g)) return "-";
        return g >= 100 ? String.format(Locale.ROOT, "%.0f", g)
                : g >= 10 ? String.format(Locale.ROOT, "%.1f", g) : String.format(Locale.ROOT, "%.2f", g);
    }

    /** The printed report: GOP/s tables, crossovers and the peak derivation. */
    public static String report(List<Row> rows, List<Crossover> crossovers, Context ctx) {
        StringBuilder sb = new StringBuilder();
        List<String> layers = layersInOrder(rows);
        List<String> prims = Primitives.names();
        int lw = Math.max(22, layers.stream().mapToInt(String::length).max().orElse(0));
        int labelW = Math.max(lw, layers.stream().mapToInt(l -> l.length() + 3 + humanCount(Layers.get(l).macs(1)).length()).max().orElse(0));
        for (Engine engine : Engine.values()) for (String precision : engine.precisions) {
            if (rows.stream().noneMatch(r -> r.engine == engine && r.precision.equals(precision))) continue;
            sb.append(String.format(Locale.ROOT, "%nGOP/s, %s, dense weights (sparsity 0); '-' = not applicable / not run, '*' = noisy (iteration IQR > 20%% of median)%n",
                    variant(engine, precision) + (engine == Engine.JAVA ? " (Java kernels)" : " (TVM untuned, through tvm4j)")));
            sb.append(String.format(Locale.ROOT, "%-" + labelW + "s", "layer (MACs)"));
            for (String p : prims) sb.append(String.format(Locale.ROOT, " %12s", p));
            sb.append("   best (% of peak)\n");
            for (String layer : layers) {
                long macs = Layers.get(layer).macs(1);
                sb.append(String.format(Locale.ROOT, "%-" + labelW + "s", layer + " (" + humanCount(macs) + ")"));
                Row best = null;
                for (String p : prims) {
                    Optional<Row> r = find(rows, engine, layer, p, precision, 0.0);
                    sb.append(String.format(Locale.ROOT, " %12s", r.map(KernelSummary::cell).orElse("-")));
                    if (r.isPresent() && (best == null || r.get().gops > best.gops)) best = r.get();
                }
                if (best != null) {
                    sb.append(String.format(Locale.ROOT, "   %s %.2f%%", best.primitive, 100 * best.peakFraction));
                    if (best.threadsUsed < ctx.kernelThreads) sb.append(String.format(Locale.ROOT, " (%.1f%% of 1 core)", 100 * best.peakFractionUsedCores));
                }
                sb.append('\n');
            }
        }
        // Sparse primitives by sparsity.
        List<Double> sparsities = rows.stream().filter(r -> Primitives.isSparse(r.primitive)).map(Row::sparsity)
                .distinct().sorted().toList();
        if (!sparsities.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nEffective GOP/s (dense-equivalent MACs) of the sparse primitives by weight sparsity; gemm at 0 for reference%n"));
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-4s %8s", "layer", "prec", "prim", "gemm@0"));
            for (double s : sparsities) sb.append(String.format(Locale.ROOT, " %8s", BenchCase.formatSparsity(s)));
            sb.append('\n');
            for (String layer : layers) {
                for (Engine engine : Engine.values()) for (String precision : engine.precisions) {
                    for (String p : prims) {
                        if (!Primitives.isSparse(p)) continue;
                        if (rows.stream().noneMatch(r -> r.engine == engine && r.layer.equals(layer) && r.primitive.equals(p) && r.precision.equals(precision))) continue;
                        sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-4s %8s", layer, variant(engine, precision), p,
                                find(rows, engine, layer, "gemm", precision, 0.0).map(KernelSummary::cell).orElse("-")));
                        for (double s : sparsities) {
                            sb.append(String.format(Locale.ROOT, " %8s", find(rows, engine, layer, p, precision, s).map(KernelSummary::cell).orElse("-")));
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        if (!crossovers.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nCrossover sparsity: lowest measured sparsity at which the sparse primitive beats gemm (median time); '*' = some input noisy%n"));
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-28s %-28s%n", "layer", "prec", "csr vs gemm", "bsr vs gemm"));
            for (String layer : layers) {
                for (Engine engine : Engine.values()) for (String precision : engine.precisions) {
                    String csr = crossoverText(crossovers, engine, layer, precision, "csr");
                    String bsr = crossoverText(crossovers, engine, layer, precision, "bsr");
                    if (csr == null && bsr == null) continue;
                    sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-28s %-28s%n", layer, variant(engine, precision),
                            csr == null ? "-" : csr, bsr == null ? "-" : bsr));
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "%nMachine peak (%s): %s%n", ctx.peak.cpuModel(), ctx.peak.formula()));
        sb.append(String.format(Locale.ROOT, "Kernel threads: %d; layers of at most %s MACs run on one thread, so their %% of peak is of the whole machine (1-core share in brackets).%n",
                ctx.kernelThreads, humanCount(ctx.parallelThresholdMacs)));
        sb.append(EngineComparison.report(EngineComparison.of(rows)));
        if (!ctx.skipped.isEmpty()) {
            Map<String, List<String>> byPrim = new LinkedHashMap<>();
            ctx.skipped.forEach(s -> byPrim.computeIfAbsent(variant(s.engine(), s.primitive()), k -> new ArrayList<>()).add(s.layer()));
            byPrim.forEach((p, ls) -> sb.append(String.format(Locale.ROOT, "Not applicable, left out: %s on %s%n", p, String.join(", ", ls))));
        }
        if (!ctx.failed.isEmpty()) sb.append("FAILED: ").append(String.join(", ", ctx.failed)).append('\n');
        return sb.toString();
    }

    /** "fp32" for the Java kernels, "tvm fp32" for TVM (likewise for primitive names). */
    static String variant(Engine engine, String what) {
        return engine == Engine.JAVA ? what : engine.id() + " " + what;
    }

    private static String crossoverText(List<Crossover> crossovers, Engine engine, String layer, String precision, String sparse) {
        return crossovers.stream().filter(c -> c.engine == engine && c.layer.equals(layer) && c.precision.equals(precision) && c.sparse.equals(sparse))
                .map(c -> c.text + (c.noisy ? " *" : "")).findFirst().orElse(null);
    }

    static String humanCount(long n) {
        if (n >= 1_000_000) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 1_000) return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        return Long.toString(n);
    }
}
