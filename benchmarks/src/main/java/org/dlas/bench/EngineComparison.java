package org.dlas.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Java kernels against TVM builds, side by side: every (layer, primitive, precision, sparsity)
 * measured by both engines, with both GOP/s, both fractions of the machine peak and the ratio
 * TVM / Java (above 1: TVM is faster). Part of {@code kernels-summary.json} ({@code java_vs_tvm})
 * and of the printed report; {@link #validate} checks the ratios against the results.
 */
public final class EngineComparison {
    /** One pair; {@code java} and {@code tvm} are rows of the same case. */
    public record Pair(KernelSummary.Row java, KernelSummary.Row tvm) {
        /** TVM's rate over Java's (= Java's median time over TVM's). */
        public double ratio() { return tvm.gops() / java.gops(); }
    }

    private EngineComparison() {}

    /** The pairs, in the order of the TVM rows. */
    public static List<Pair> of(List<KernelSummary.Row> rows) {
        List<Pair> pairs = new ArrayList<>();
        for (KernelSummary.Row t : rows) {
            if (t.engine() != Engine.TVM) continue;
            KernelSummary.find(rows, Engine.JAVA, t.layer(), t.primitive(), t.precision(), t.sparsity())
                    .ifPresent(j -> pairs.add(new Pair(j, t)));
        }
        return pairs;
    }

    static ArrayNode toJson(List<Pair> pairs, ObjectMapper json) {
        ArrayNode a = json.createArrayNode();
        for (Pair p : pairs) {
            ObjectNode o = a.addObject();
            o.put("layer", p.tvm.layer());
            o.put("primitive", p.tvm.primitive());
            o.put("precision", p.tvm.precision());
            o.put("sparsity", p.tvm.sparsity());
            o.put("java_gops", p.java.gops());
            o.put("tvm_gops", p.tvm.gops());
            o.put("java_peak_fraction", p.java.peakFraction());
            o.put("tvm_peak_fraction", p.tvm.peakFraction());
            o.put("tvm_over_java", p.ratio());
        }
        return a;
    }

    /** Problems with a summary's {@code java_vs_tvm} (each entry must match its two results and their ratio). */
    static List<String> validate(JsonNode summary) {
        List<String> problems = new ArrayList<>();
        Map<String, Double> gops = new HashMap<>();
        for (JsonNode r : summary.path("results")) gops.put(key(r.path("engine").asText(Engine.JAVA.id()), r), r.path("gops").asDouble());
        for (JsonNode c : summary.path("java_vs_tvm")) {
            String what = "java_vs_tvm " + key("", c);
            Double java = gops.get(key(Engine.JAVA.id(), c)), tvm = gops.get(key(Engine.TVM.id(), c));
            if (java == null || tvm == null) {
                problems.add(what + ": no matching java and tvm results");
                continue;
            }
            if (Math.abs(c.path("java_gops").asDouble() - java) > 1e-9 * java) problems.add(what + ": java_gops differs from its result");
            if (Math.abs(c.path("tvm_gops").asDouble() - tvm) > 1e-9 * tvm) problems.add(what + ": tvm_gops differs from its result");
            double ratio = tvm / java;
            if (Math.abs(c.path("tvm_over_java").asDouble() - ratio) > 1e-9 * ratio) problems.add(what + ": tvm_over_java is not tvm_gops / java_gops");
        }
        return problems;
    }

    private static String key(String engine, JsonNode n) {
        return engine + ":" + n.path("layer").asText() + "/" + n.path("primitive").asText() + "/" + n.path("precision").asText()
                + "/" + BenchCase.formatSparsity(n.path("sparsity").asDouble());
    }

    /** The printed side-by-side table (empty when nothing was measured by both). */
    static String report(List<Pair> pairs) {
        if (pairs.isEmpty()) return "";
        int lw = Math.max(22, pairs.stream().mapToInt(p -> p.tvm.layer().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nJava kernels vs TVM (untuned, timed through tvm4j incl. its input/output copies), fp32: GOP/s (%% of peak); '*' = noisy%n"));
        sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-12s %8s %20s %20s %9s%n", "layer", "primitive", "sparsity", "java", "tvm", "tvm/java"));
        for (Pair p : pairs) {
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-12s %8s %20s %20s %9s%n", p.tvm.layer(), p.tvm.primitive(),
                    BenchCase.formatSparsity(p.tvm.sparsity()), rate(p.java), rate(p.tvm), String.format(Locale.ROOT, "%.2fx", p.ratio())));
        }
        return sb.toString();
    }

    private static String rate(KernelSummary.Row r) {
        return String.format(Locale.ROOT, "%.2f%s (%.2f%%)", r.gops(), r.noisy() ? "*" : "", 100 * r.peakFraction());
    }
}
