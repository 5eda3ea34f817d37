package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

class KernelSummaryTest {
    private static final ObjectMapper M = new ObjectMapper();
    /** A made-up machine: 2 cores x 8 lanes x 2 FMA x 2 FLOP x 2.5 GHz = 160 GFLOP/s. */
    private static final MachinePeak PEAK = new MachinePeak("test CPU", 2, false, 8, "AVX2: avx2", 2, 2500, "test");
    private static final long CONV1X1_MACS = 64L * 49 * 32; // 100352

    @TempDir Path tmp;

    /** One JMH JSON result as JMH writes it (only the fields the summary reads, plus a few). */
    private static ObjectNode jmhResult(String layer, String primitive, String precision, String sparsity,
                                        double medianUs, String... jvmArgs) {
        ObjectNode r = M.createObjectNode();
        r.put("jmhVersion", "1.37");
        r.put("benchmark", KernelSummary.BENCHMARK);
        r.put("mode", "avgt");
        r.put("threads", 1);
        r.put("forks", 1);
        ArrayNode args = r.putArray("jvmArgs");
        for (String a : jvmArgs) args.add(a);
        ObjectNode p = r.putObject("params");
        p.put("batch", "1");
        p.put("layer", layer);
        p.put("precision", precision);
        p.put("primitive", primitive);
        p.put("sparsity", sparsity);
        ObjectNode m = r.putObject("primaryMetric");
        m.put("score", medianUs * 1.1); // mean above the median, as with a noisy outlier
        m.put("scoreError", medianUs * 0.05);
        m.putObject("scorePercentiles").put("0.0", medianUs * 0.9).put("50.0", medianUs).put("100.0", medianUs * 1.5);
        m.put("scoreUnit", "us/op");
        m.putArray("rawData").addArray().add(medianUs * 0.9).add(medianUs).add(medianUs * 1.5);
        r.putObject("secondaryMetrics");
        return r;
    }

    private static ArrayNode handMade() {
        ArrayNode a = M.createArrayNode();
        String c = "conv1x1_32to64_7x7";
        // fp32: csr wins from 0.9 on; bsr never.
        a.add(jmhResult(c, "gemm", "fp32", "0", 20));
        a.add(jmhResult(c, "direct", "fp32", "0", 80));
        a.add(jmhResult(c, "csr", "fp32", "0", 40));
        a.add(jmhResult(c, "csr", "fp32", "0.7", 25));
        a.add(jmhResult(c, "csr", "fp32", "0.9", 15));
        a.add(jmhResult(c, "csr", "fp32", "0.95", 8));
        a.add(jmhResult(c, "bsr", "fp32", "0", 50));
        a.add(jmhResult(c, "bsr", "fp32", "0.7", 45));
        a.add(jmhResult(c, "bsr", "fp32", "0.9", 30));
        a.add(jmhResult(c, "bsr", "fp32", "0.95", 21));
        // int8: csr wins at 0 (noise), loses at 0.7, wins at 0.9 -> crossover 0, not monotone.
        a.add(jmhResult(c, "gemm", "int8", "0", 30));
        a.add(jmhResult(c, "csr", "int8", "0", 29));
        a.add(jmhResult(c, "csr", "int8", "0.7", 31));
        a.add(jmhResult(c, "csr", "int8", "0.9", 20));
        // dense_512to10 with gemm also measured at 0.9 (full profile): the same-sparsity gemm is the reference.
        String d = "dense_512to10";
        a.add(jmhResult(d, "gemm", "fp32", "0", 2.0, "-Ddlas.kernels.threads=1"));
        a.add(jmhResult(d, "gemm", "fp32", "0.9", 1.0, "-Ddlas.kernels.threads=1"));
        a.add(jmhResult(d, "csr", "fp32", "0", 3.0, "-Ddlas.kernels.threads=1"));
        a.add(jmhResult(d, "csr", "fp32", "0.9", 1.5, "-Ddlas.kernels.threads=1"));
        // Something that is not ours is ignored.
        ObjectNode other = jmhResult(c, "gemm", "fp32", "0", 1);
        other.put("benchmark", "org.example.Other.bench");
        a.add(other);
        return a;
    }

    private static KernelSummary.Context ctx(Path jmh) {
        return new KernelSummary.Context(PEAK, 2, 2_000_000L, "test", jmh.toString(),
                List.of(new BenchCase.Skipped("conv1x1_32to64_7x7", "winograd", "needs 3x3")), List.of());
    }

    private static KernelSummary.Crossover find(List<KernelSummary.Crossover> cs, String layer, String precision, String sparse) {
        return cs.stream().filter(c -> c.layer().equals(layer) && c.precision().equals(precision) && c.sparse().equals(sparse))
                .findFirst().orElseThrow(() -> new AssertionError("no crossover " + layer + " " + precision + " " + sparse));
    }

    @Test
    void gopsAndPeakFractionFromHandMadeResults() {
        List<KernelSummary.Row> rows = KernelSummary.rows(handMade(), PEAK, 2, 2_000_000L);
        assertEquals(18, rows.size());
        KernelSummary.Row gemm = rows.get(0);
        assertEquals("gemm", gemm.primitive());
        assertEquals(CONV1X1_MACS, gemm.macs());
        // 2 * 100352 / 20 us = 10.0352 GOP/s (from the median, not the 22 us mean)
        assertEquals(10.0352, gemm.gops(), 1e-9);
        assertEquals(2.0 * CONV1X1_MACS / 22e-6 / 1e9, gemm.gopsMean(), 1e-9);
        assertEquals(10.0352 / 160.0, gemm.peakFraction(), 1e-12);
        assertEquals(1, gemm.threadsUsed()); // 100k MACs < 2M threshold: one thread
        assertEquals(10.0352 / 80.0, gemm.peakFractionUsedCores(), 1e-12);
        assertEquals(3, gemm.iterations());
        assertEquals(18.0, gemm.scoreMin(), 1e-12); // fastest of {18, 20, 30} us
        assertEquals(2.0 * CONV1X1_MACS / 18e-6 / 1e9, gemm.gopsBest(), 1e-9);
        KernelSummary.Row csr90 = rows.stream().filter(r -> r.primitive().equals("csr") && r.sparsity() == 0.9
                && r.precision().equals("fp32") && r.layer().startsWith("conv1x1")).findFirst().orElseThrow();
        assertEquals(0.9, csr90.weightZeroFraction(), 1.0 / 2048);
        assertEquals(csr90.gops() * (1 - csr90.weightZeroFraction()), csr90.gopsNonzero(), 1e-12);
    }

    @Test
    void crossoversFromHandMadeNumbers() {
        List<KernelSummary.Row> rows = KernelSummary.rows(handMade(), PEAK, 2, 2_000_000L);
        List<KernelSummary.Crossover> cs = KernelSummary.crossovers(rows);

        KernelSummary.Crossover csr = find(cs, "conv1x1_32to64_7x7", "fp32", "csr");
        assertEquals(0.9, csr.sparsity());
        assertTrue(csr.consistent());
        assertEquals("90%", csr.text());
        assertEquals(20.0 / 15.0, csr.speedups().get(0.9), 1e-12);
        assertEquals(0.5, csr.speedups().get(0.0), 1e-12);

        KernelSummary.Crossover bsr = find(cs, "conv1x1_32to64_7x7", "fp32", "bsr");
        assertNull(bsr.sparsity());
        assertEquals("never up to 95%", bsr.text());

        KernelSummary.Crossover int8 = find(cs, "conv1x1_32to64_7x7", "int8", "csr");
        assertEquals(0.0, int8.sparsity());
        assertFalse(int8.consistent());
        assertEquals("0% (not monotone)", int8.text());
        assertTrue(cs.stream().noneMatch(c -> c.precision().equals("int8") && c.sparse().equals("bsr")), "no bsr int8 results, no crossover");

        // gemm measured at 0.9 is faster than csr at 0.9, though gemm at 0 is not: csr never wins.
        KernelSummary.Crossover dense = find(cs, "dense_512to10", "fp32", "csr");
        assertNull(dense.sparsity());
        assertEquals("never up to 90%", dense.text());
        assertEquals(1.0 / 1.5, dense.speedups().get(0.9), 1e-12);
    }

    @Test
    void writtenSummaryValidatesAndTamperingIsCaught() throws Exception {
        Path jmh = tmp.resolve("kernels.json");
        Files.writeString(jmh, M.writeValueAsString(handMade()));
        JsonNode in = KernelSummary.readJmh(jmh);
        List<KernelSummary.Row> rows = KernelSummary.rows(in, PEAK, 2, 2_000_000L);
        ObjectNode summary = KernelSummary.summary(rows, KernelSummary.crossovers(rows), ctx(jmh));
        Path out = tmp.resolve("kernels-summary.json");
        KernelSummary.write(summary, out);

        JsonNode back = KernelSummary.read(out);
        assertEquals(List.of(), KernelSummary.validate(back));
        assertEquals(160.0, back.path("machine").path("peak_gflops").asDouble(), 1e-9);
        assertTrue(back.path("machine").path("fma_units_assumed").asBoolean());
        assertEquals(18, back.path("results").size());
        for (JsonNode r : back.path("results")) {
            for (String f : List.of("layer", "primitive", "precision", "sparsity", "score", "score_error", "score_median",
                    "gops", "peak_fraction", "weight_zero_fraction", "rel_iqr", "noisy")) {
                assertTrue(r.has(f), f + " missing in " + r);
            }
            assertTrue(r.path("gops").asDouble() > 0);
        }
        assertEquals(4, back.path("crossovers").size());
        assertEquals(1, back.path("skipped").size());
        JsonNode csr = back.path("crossovers").get(0);
        assertEquals("csr", csr.path("sparse").asText());
        assertEquals(0.9, csr.path("crossover_sparsity").asDouble(), 0);
        assertTrue(back.path("crossovers").get(1).path("crossover_sparsity").isNull());

        // Tampering: a negative GOP/s, a field missing, a crossover that disagrees with its own speedups.
        ObjectNode bad = (ObjectNode) back.deepCopy();
        ((ObjectNode) bad.path("results").get(0)).put("gops", -1.0);
        ((ObjectNode) bad.path("results").get(1)).remove("score_median");
        ((ObjectNode) bad.path("crossovers").get(0)).put("crossover_sparsity", 0.7);
        ((ObjectNode) bad.path("machine")).put("peak_gflops", 999.0);
        List<String> problems = KernelSummary.validate(bad);
        assertTrue(problems.stream().anyMatch(p -> p.contains("gops not positive")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("score_median missing")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("stated 0.7 but speedups say 0.9")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("peak_gflops")), problems.toString());

        String report = KernelSummary.report(rows, KernelSummary.crossovers(rows), ctx(jmh));
        assertTrue(report.contains("never up to 95%"), report);
        assertTrue(report.contains("160.0 GFLOP/s"), "the context's made-up machine peak: " + report);
        assertTrue(report.contains("Not applicable, left out: winograd on conv1x1_32to64_7x7"), report);
    }

    @Test
    void iterationSpreadMarksNoisyResults() {
        assertEquals(2.0 / 3.0, KernelSummary.relativeIqr(List.of(5.0, 1.0, 3.0, 2.0, 4.0)), 1e-12);
        assertEquals(0.0, KernelSummary.relativeIqr(List.of(7.0)), 0);
        assertEquals(0.0, KernelSummary.relativeIqr(List.of(7.0, 7.0, 7.0)), 0);
        List<KernelSummary.Row> rows = KernelSummary.rows(handMade(), PEAK, 2, 2_000_000L);
        // rawData {0.9, 1, 1.5} x median: quartiles 0.95 and 1.25 -> IQR 0.3 of the median.
        assertEquals(0.3, rows.get(0).relIqr(), 1e-12);
        assertTrue(rows.get(0).noisy());
        String report = KernelSummary.report(rows, KernelSummary.crossovers(rows), ctx(Path.of("k.json")));
        assertTrue(report.contains("10.0*"), report); // gemm conv1x1 fp32: 10.0352 GOP/s, marked noisy
    }

    @Test
    void unitConversion() {
        assertEquals(2e-6, KernelSummary.secondsPerOp(2, "us/op"), 1e-18);
        assertEquals(2e-9, KernelSummary.secondsPerOp(2, "ns/op"), 1e-21);
        assertEquals(0.5e-3, KernelSummary.secondsPerOp(2, "ops/ms"), 1e-15);
        for (String bad : new String[] {"ops", "us/op/x", "fortnights/op"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> KernelSummary.secondsPerOp(1, bad));
            assertEquals(ErrorKind.BAD_FORMAT, e.kind());
            assertEquals("scoreUnit", e.location());
        }
    }

    /** One real JMH run in-process: the smallest layer, 1 iteration of 100 ms, 0 forks. */
    @Test
    void realRunOnTheSmallestLayerSummarisesAndValidates() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("^" + Pattern.quote(KernelSummary.BENCHMARK) + "$")
                .param("layer", "dense_512to10")
                .param("primitive", "gemm", "csr")
                .param("precision", "fp32")
                .param("sparsity", "0", "0.9")
                .param("batch", "1")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build()).run();
        assertEquals(4, results.size());
        Path jmh = tmp.resolve("real.json");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, jmh.toString()).writeOut(new ArrayList<>(results));
        List<KernelSummary.Row> rows = KernelSummary.rows(KernelSummary.readJmh(jmh), PEAK, 1, 2_000_000L);
        assertEquals(4, rows.size());
        for (KernelSummary.Row r : rows) {
            assertTrue(r.gops() > 0 && Double.isFinite(r.gops()), r.toString());
            assertEquals(5120, r.macs());
        }
        List<KernelSummary.Crossover> cs = KernelSummary.crossovers(rows);
        assertEquals(1, cs.size()); // csr vs gemm, fp32
        assertEquals(Map.of(0.0, 0, 0.9, 0).keySet(), cs.get(0).speedups().keySet());
        ObjectNode summary = KernelSummary.summary(rows, cs, ctx(jmh));
        assertEquals(List.of(), KernelSummary.validate(summary));
    }
}
