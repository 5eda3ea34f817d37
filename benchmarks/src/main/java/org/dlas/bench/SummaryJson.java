package org.dlas.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.bench.KernelSummary.Context;
import org.dlas.bench.KernelSummary.Crossover;
import org.dlas.bench.KernelSummary.Row;
import org.dlas.kernels.Primitives;

/** The summary document ({@code kernels-summary.json}): machine, conventions, results, crossovers, Java vs TVM. */
final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    static ObjectNode summary(List<Row> rows, List<Crossover> crossovers, Context ctx) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", KernelSummary.SCHEMA);
        root.put("generated_at", java.time.Instant.now().toString());
        root.put("profile", ctx.profile());
        root.put("jmh_results", ctx.jmhFile());
        MachinePeak pk = ctx.peak();
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
        root.put("kernel_threads", ctx.kernelThreads());
        root.put("parallel_threshold_macs", ctx.parallelThresholdMacs());
        ObjectNode conv = root.putObject("conventions");
        conv.put("time", "median of the measured iterations (JMH scorePercentiles 50.0); score/score_error are JMH's mean and 99.9% error");
        conv.put("gops", "2 * dense MACs / median time (effective rate, also for sparse primitives)");
        conv.put("gops_best", "2 * dense MACs / fastest measured iteration (score_min): what the kernel can do when nothing interferes");
        conv.put("gops_nonzero", "gops * (1 - weight_zero_fraction): only the MACs of non-zero weights");
        conv.put("peak_fraction", "gops / machine fp32 FMA peak (all cores); int8 is compared with the same peak");
        conv.put("peak_fraction_used_cores", "gops / peak of the threads the run could use (1 below parallel_threshold_macs)");
        conv.put("noisy", "interquartile range of the iterations > " + KernelSummary.NOISY_REL_IQR + " x median (rel_iqr); marked * in the printed tables");
        conv.put("crossover", "lowest measured sparsity at which the sparse primitive's median time beats the dense one's (dense at sparsity 0 when not measured at that sparsity)");

        ArrayNode rs = root.putArray("results");
        for (Row r : rows) putRow(entry(rs, r.engine(), r.layer()), r);
        ArrayNode cs = root.putArray("crossovers");
        for (Crossover c : crossovers) putCrossover(entry(cs, c.engine(), c.layer()), c);
        ArrayNode sk = root.putArray("skipped");
        for (BenchCase.Skipped s : ctx.skipped()) {
            ObjectNode o = entry(sk, s.engine(), s.layer());
            o.put("primitive", s.primitive());
            o.put("reason", s.reason());
        }
        root.set("java_vs_tvm", EngineComparison.toJson(EngineComparison.of(rows), JSON));
        ArrayNode fl = root.putArray("failed");
        ctx.failed().forEach(fl::add);
        return root;
    }

    static void write(ObjectNode summary, Path file) throws IOException {
        if (file.getParent() != null) java.nio.file.Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), summary);
    }

    static JsonNode read(Path file) throws IOException { return JSON.readTree(file.toFile()); }

    /** A results element after its engine and layer: the case, its JMH figures and the rates derived from them. */
    private static void putRow(ObjectNode o, Row r) {
        o.put("primitive", r.primitive());
        o.put("precision", r.precision());
        o.put("sparsity", r.sparsity());
        o.put("batch", r.batch());
        o.put("sparse_primitive", Primitives.isSparse(r.primitive()));
        o.put("macs", r.macs());
        o.put("weight_zero_fraction", round(r.weightZeroFraction(), 4));
        putNumber(o, "score", r.score());
        putNumber(o, "score_error", r.scoreError());
        putNumber(o, "score_median", r.scoreMedian());
        putNumber(o, "score_min", r.scoreMin());
        o.put("score_unit", r.scoreUnit());
        o.put("iterations", r.iterations());
        o.put("rel_iqr", round(r.relIqr(), 4));
        o.put("noisy", r.noisy());
        putNumber(o, "gops", r.gops());
        putNumber(o, "gops_mean", r.gopsMean());
        putNumber(o, "gops_best", r.gopsBest());
        putNumber(o, "gops_nonzero", r.gopsNonzero());
        o.put("threads_used", r.threadsUsed());
        putNumber(o, "peak_fraction", r.peakFraction());
        putNumber(o, "peak_fraction_used_cores", r.peakFractionUsedCores());
    }

    /** A crossovers element after its engine and layer: the sparse/dense pair and where the sparse one starts winning. */
    private static void putCrossover(ObjectNode o, Crossover c) {
        o.put("precision", c.precision());
        o.put("sparse", c.sparse());
        o.put("dense", c.dense());
        if (c.sparsity() == null) o.putNull("crossover_sparsity"); else o.put("crossover_sparsity", c.sparsity());
        o.put("consistent", c.consistent());
        o.put("max_sparsity_measured", c.maxSparsity());
        o.put("text", c.text());
        o.put("noisy", c.noisy());
        ObjectNode sp = o.putObject("speedup_by_sparsity");
        c.speedups().forEach((s, v) -> putNumber(sp, BenchCase.formatSparsity(s), v));
    }

    /** An element of results, crossovers or skipped: each names its engine and layer first. */
    private static ObjectNode entry(ArrayNode list, Engine engine, String layer) {
        ObjectNode o = list.addObject();
        o.put("engine", engine.id());
        o.put("layer", layer);
        return o;
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v); else o.putNull(field);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
