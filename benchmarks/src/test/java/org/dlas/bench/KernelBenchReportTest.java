package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.report.KernelBenchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * End to end on real measurements: a tiny in-process JMH run of both engines (the Java kernels
 * and real TVM builds of {@code dense_512to10}, gemm and csr at sparsity 0 and 0.9) with the
 * runner's own JMH options, its JSON summarised and validated by {@link KernelSummary}, and the
 * plots and Markdown written from the summary.
 */
class KernelBenchReportTest {
    private static final String LAYER = "dense_512to10";
    private static final MachinePeak PEAK = MachinePeak.detect(Runtime.getRuntime().availableProcessors());

    @TempDir Path tmp;

    private static List<BenchCase> cases() {
        List<BenchCase> cases = new ArrayList<>();
        for (Engine e : Engine.values()) {
            cases.add(new BenchCase(e, LAYER, "gemm", "fp32", 0));
            cases.add(new BenchCase(e, LAYER, "csr", "fp32", 0));
            cases.add(new BenchCase(e, LAYER, "csr", "fp32", 0.9));
        }
        return cases;
    }

    /** Runs the cases in this JVM (0 forks, 1 x 50 ms warm-up, 3 x 50 ms measured) and writes JMH's JSON. */
    private Path measure() throws Exception {
        List<RunResult> results = new ArrayList<>();
        for (BenchCase c : cases()) {
            results.addAll(new Runner(KernelBench.options(Profile.QUICK, c, null).forks(0)
                    .warmupIterations(1).warmupTime(TimeValue.milliseconds(50))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(50)).build()).run());
        }
        assertEquals(6, results.size());
        Path jmh = tmp.resolve("kernels.json");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, jmh.toString()).writeOut(results);
        return jmh;
    }

    @Test void aTinyRealRunOfBothEnginesIsSummarisedValidatedAndPlotted() throws Exception {
        Path jmh = measure();
        List<KernelSummary.Row> rows = KernelSummary.rows(KernelSummary.readJmh(jmh), PEAK, 2, 2_000_000L);
        assertEquals(3, rows.stream().filter(r -> r.engine() == Engine.TVM).count());
        KernelSummary.Context ctx = new KernelSummary.Context(PEAK, 2, 2_000_000L, "test", jmh.toString(), List.of(), List.of());
        ObjectNode summary = KernelSummary.summary(rows, KernelSummary.crossovers(rows), ctx);
        Path summaryFile = KernelBench.summaryPath(jmh);
        KernelSummary.write(summary, summaryFile);
        JsonNode back = KernelSummary.read(summaryFile);
        assertEquals(List.of(), KernelSummary.validate(back));

        // Java and TVM side by side: every TVM case has its Java twin, the ratio is the GOP/s ratio.
        assertEquals(3, back.path("java_vs_tvm").size());
        for (JsonNode p : back.path("java_vs_tvm")) {
            assertEquals(p.path("tvm_gops").asDouble() / p.path("java_gops").asDouble(), p.path("tvm_over_java").asDouble(), 1e-12);
        }
        assertEquals(2, back.path("crossovers").size(), "csr vs gemm, once per engine");
        String printed = KernelSummary.report(rows, KernelSummary.crossovers(rows), ctx);
        assertTrue(printed.contains("Java kernels vs TVM"), printed);
        assertTrue(printed.contains("tvm fp32 csr"), printed);

        ObjectNode tampered = (ObjectNode) back.deepCopy();
        ((ObjectNode) tampered.path("java_vs_tvm").get(0)).put("tvm_over_java", 123.0);
        assertTrue(KernelSummary.validate(tampered).stream().anyMatch(s -> s.contains("tvm_over_java")), KernelSummary.validate(tampered).toString());

        Path out = tmp.resolve("report");
        Path md = KernelBenchReport.write(summaryFile, out);
        for (String base : List.of("gops_" + LAYER, "time_vs_sparsity_" + LAYER + "_java_fp32", "time_vs_sparsity_" + LAYER + "_tvm_fp32")) {
            for (String ext : List.of(".png", ".svg")) {
                assertTrue(Files.size(out.resolve(base + ext)) > 1000, base + ext);
            }
        }
        String text = Files.readString(md);
        assertTrue(text.contains("| primitive | java fp32 GOP/s (% peak) | tvm fp32 GOP/s (% peak) |"), text);
        assertTrue(text.contains("## Java kernels vs TVM (fp32)"), text);
        assertTrue(text.contains("| " + LAYER + " | csr | 0.9 |"), text);
        assertTrue(text.contains("csr vs gemm: crossover"), text);
    }
}
