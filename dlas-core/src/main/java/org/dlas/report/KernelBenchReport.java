package org.dlas.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.dlas.kernels.Primitives;

/**
 * The kernel benchmark report: from a {@code kernels-summary.json} it writes, into one folder,
 * a GOP/s-per-primitive bar chart per layer (Java and TVM beside each other), a time-vs-sparsity
 * chart per layer and variant with sparse results (crossovers marked), each as PNG and SVG, and
 * {@value #MARKDOWN} with the same numbers as tables. Run by {@code dlas bench-report} and by
 * {@code KernelBench --report}.
 */
public final class KernelBenchReport {
    public static final String MARKDOWN = "kernels-report.md";
    static final String GOPS_PREFIX = "gops_";
    static final String SPARSITY_PREFIX = "time_vs_sparsity_";

    private KernelBenchReport() {}

    /** Writes the report for {@code summary} into {@code outDir} (created if needed); returns the Markdown file. */
    public static Path write(Path summary, Path outDir) throws IOException {
        KernelBenchResults res = KernelBenchResults.read(summary);
        if (res.results().isEmpty()) throw new IOException(summary + " holds no results");
        Files.createDirectories(outDir);
        List<String> primitives = Primitives.names().stream().filter(res.primitives()::contains).toList();
        List<String> sparse = primitives.stream().filter(Primitives::isSparse).toList();
        StringBuilder md = new StringBuilder("# Kernel benchmarks\n\n");
        md.append("From `").append(summary.getFileName()).append("` (profile ").append(res.raw().path("profile").asText("?"))
                .append("). Machine peak: ").append(res.peakFormula()).append(".\n\n")
                .append("GOP/s = 2 x the layer's dense MACs / median time per run (an effective rate, for sparse primitives too);")
                .append(" % is of the machine peak; `*` marks noisy results (iteration IQR > 20% of the median).")
                .append(" TVM times include tvm4j's input and output copies.\n");
        for (String layer : res.layers()) {
            md.append("\n## ").append(layer).append("\n\n");
            String gops = GOPS_PREFIX + fileName(layer);
            Charts.save(KernelBenchCharts.gopsPerPrimitive(res, layer, primitives), outDir, gops);
            md.append(image("GOP/s per primitive, " + layer, gops)).append("\n\n").append(gopsTable(res, layer, primitives));
            for (String variant : res.variants()) {
                boolean hasSparsities = res.results().stream().anyMatch(r -> r.variant().equals(variant) && r.layer().equals(layer)
                        && sparse.contains(r.primitive()) && r.sparsity() > 0);
                if (!hasSparsities) continue;
                String file = SPARSITY_PREFIX + fileName(layer + "_" + variant);
                Charts.save(KernelBenchCharts.timeVsSparsity(res, layer, variant, sparse), outDir, file);
                md.append("\n").append(image("Time vs sparsity, " + layer + ", " + variant, file)).append("\n\n");
                for (String p : sparse) {
                    res.crossovers().stream().filter(c -> c.variant().equals(variant) && c.layer().equals(layer) && c.sparse().equals(p))
                            .findFirst().ifPresent(c -> md.append("- ").append(variant).append(' ').append(p).append(" vs ")
                                    .append(c.dense()).append(": crossover ").append(c.text()).append('\n'));
                }
            }
        }
        md.append(javaVsTvm(res.javaVsTvm()));
        md.append(skipped(res.raw().path("skipped")));
        Path file = outDir.resolve(MARKDOWN);
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** Rows: primitives; columns: variants; cells: GOP/s (% of peak) at sparsity 0. */
    static String gopsTable(KernelBenchResults res, String layer, List<String> primitives) {
        List<String> variants = res.variants();
        StringBuilder sb = new StringBuilder("| primitive |");
        variants.forEach(v -> sb.append(' ').append(v).append(" GOP/s (% peak) |"));
        sb.append("\n| --- |");
        variants.forEach(v -> sb.append(" ---: |"));
        sb.append('\n');
        for (String p : primitives) {
            List<String> cells = new ArrayList<>();
            for (String v : variants) {
                cells.add(res.find(v, layer, p, 0.0).map(r -> String.format(Locale.ROOT, "%.2f%s (%.2f%%)", r.gops(),
                        r.noisy() ? "*" : "", 100 * r.peakFraction())).orElse("-"));
            }
            if (cells.stream().allMatch("-"::equals)) continue;
            sb.append("| ").append(p).append(" |");
            cells.forEach(c -> sb.append(' ').append(ReportWriter.esc(c)).append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    static String javaVsTvm(JsonNode pairs) {
        if (!pairs.isArray() || pairs.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n## Java kernels vs TVM (fp32)\n\n"
                + "TVM 0.18, untuned (its default schedules), timed through tvm4j including the input/output copies.\n\n"
                + "| layer | primitive | sparsity | java GOP/s (% peak) | tvm GOP/s (% peak) | tvm / java |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (JsonNode p : pairs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%.2f%%) | %.2f (%.2f%%) | %.2fx |%n",
                    ReportWriter.esc(p.path("layer").asText()), ReportWriter.esc(p.path("primitive").asText()),
                    sparsity(p.path("sparsity").asDouble()), p.path("java_gops").asDouble(), 100 * p.path("java_peak_fraction").asDouble(),
                    p.path("tvm_gops").asDouble(), 100 * p.path("tvm_peak_fraction").asDouble(), p.path("tvm_over_java").asDouble()));
        }
        return sb.toString();
    }

    private static String skipped(JsonNode skipped) {
        if (!skipped.isArray() || skipped.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("\n## Not applicable, not run\n\n");
        for (JsonNode s : skipped) {
            sb.append("- ").append(s.path("engine").asText("java")).append(' ').append(s.path("primitive").asText()).append(" on ")
                    .append(s.path("layer").asText()).append(": ").append(ReportWriter.esc(s.path("reason").asText())).append('\n');
        }
        return sb.toString();
    }

    /** 0, 0.9, 0.95 (no trailing zeros). */
    static String sparsity(double s) {
        return java.math.BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }

    private static String image(String title, String base) {
        return "![" + title + "](" + base + ".png) (vector: [" + base + ".svg](" + base + ".svg))";
    }

    /** A file-name-safe form of a layer or variant name. */
    static String fileName(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
