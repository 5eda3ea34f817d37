package org.dlas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks a summary document: its fields, GOP/s against time and MACs, the peak formula, crossover consistency. */
final class SummaryValidator {
    private SummaryValidator() {}

    private static final List<String> RESULT_FIELDS = List.of("layer", "primitive", "precision", "sparsity", "batch",
            "macs", "weight_zero_fraction", "score", "score_median", "score_unit", "iterations", "rel_iqr", "noisy", "gops",
            "gops_nonzero", "threads_used", "peak_fraction", "peak_fraction_used_cores");

    /** Problems with a summary document (empty: valid). Checks the fields, GOP/s > 0 and crossover consistency. */
    static List<String> validate(JsonNode s) {
        List<String> problems = new ArrayList<>();
        if (!KernelSummary.SCHEMA.equals(s.path("schema").asText())) problems.add("schema is not " + KernelSummary.SCHEMA);
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
                double sec = JmhResults.secondsPerOp(r.path("score_median").asDouble(), r.path("score_unit").asText());
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
}
