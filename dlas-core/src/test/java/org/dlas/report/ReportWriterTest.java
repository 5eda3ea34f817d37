package org.dlas.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;
import org.dlas.store.TestRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @BeforeAll
    static void headless() { System.setProperty("java.awt.headless", "true"); }

    @TempDir
    Path out;

    private static ResultRow ok(String hash, String model, String compression, String primitive, String hw,
                                double top1, double medianMs, Double sparsity) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dataset", "fashion-mnist");
        labels.put("model", model);
        labels.put("compression", compression);
        labels.put("primitive", primitive);
        labels.put("codegen", "java");
        labels.put("hardware", hw);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(Metric.TOP1, top1);
        m.put(Metric.TEST_IMAGES, 10000.0);
        m.put(Metric.LATENCY_MEDIAN_MS, medianMs);
        m.put(Metric.LATENCY_P10_MS, medianMs * 0.9);
        m.put(Metric.LATENCY_P90_MS, medianMs * 1.2);
        m.put(Metric.LATENCY_REPEATS, 20.0);
        m.put(Metric.MODEL_SIZE_BYTES, 100_000.0);
        if (sparsity != null) m.put(Metric.SPARSITY, sparsity);
        return new ResultRow(hash, "demo-sweep", Status.OK, "{}", labels, m, null, null,
                "Linux 6.1 amd64, 2 cores", "dlas dev, java 17", 1L, "2024-05-01T10:00:00Z", 2.0);
    }

    private static List<ResultRow> rows() {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(ok("a1", "lenet5", "none", "im2col", "cpu-1t", 0.91, 2.0, 0.0));
        rows.add(ok("a2", "lenet5", "none", "direct", "cpu-1t", 0.91, 6.0, 0.0));
        rows.add(ok("a3", "lenet5", "prune(sparsity=0.5)", "im2col", "cpu-4t", 0.89, 0.8, 0.5));
        rows.add(ok("a4", "lenet5", "prune(sparsity=0.9)", "sparse", "cpu-4t", 0.70, 0.5, 0.9));
        rows.add(ok("b1", "mlp", "none", "direct", "cpu-1t", 0.86, 40.0, 0.0));    // no "im2col" bar for mlp
        rows.add(ok("b2", "mlp", "prune(sparsity=0.5)", "direct", "cpu-4t", 0.88, 1.0, 0.5));
        rows.add(TestRows.bare("e1", "demo-sweep", Status.ERROR, "java.lang.OutOfMemoryError: heap | tiles\nat x"));
        rows.add(TestRows.bare("s1", "demo-sweep", Status.SKIPPED, "winograd needs 3x3 kernels"));
        return rows;
    }

    @Test
    void writesPlotsAndMarkdown() throws Exception {
        Path md = ReportWriter.write(rows(), out);
        Path dir = out.resolve("report");
        assertEquals(dir.resolve("report.md"), md);
        for (String base : List.of("accuracy_vs_latency", "latency_per_primitive", "accuracy_vs_compression")) {
            byte[] png = Files.readAllBytes(dir.resolve(base + ".png"));
            assertTrue(png.length > 2000, base + " png too small: " + png.length);
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8), base + " is not a PNG");
            String svg = Files.readString(dir.resolve(base + ".svg"), StandardCharsets.UTF_8);
            assertTrue(svg.contains("<svg"), base + " is not an SVG");
            assertTrue(svg.length() > 2000, base + " svg too small");
        }
        String text = Files.readString(md, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("# dlas report: demo-sweep\n"), text);
        assertTrue(text.contains("**8 points**: 6 ok, 1 error, 1 skipped."), text);
        assertTrue(text.contains("## How measured"));
        assertTrue(text.contains("median of 20 timed repeats"), text);
        assertTrue(text.contains("on 10000 test images of `fashion-mnist`"), text);
        assertTrue(text.contains("Machine: `Linux 6.1 amd64, 2 cores`."), text);
        assertTrue(text.contains("![Top-1 accuracy vs median latency](accuracy_vs_latency.png)"));
        assertTrue(text.contains("(latency_per_primitive.png)") && text.contains("(accuracy_vs_compression.svg)"));
        assertTrue(text.contains("median of 20 repeats, whiskers p10\u2013p90"), text);

        // the table of OK points: by model, then latency; figures formatted; empty columns left out
        String header = "| model | dataset | compression | primitive | codegen | hardware | top-1 % | "
                + "latency ms median [p10\u2013p90] | repeats | size KB | sparsity % | hash |";
        assertTrue(text.contains(header), text);
        String all = text.substring(text.indexOf("## All OK points"), text.indexOf("## Errors"));
        List<String> order = new ArrayList<>();
        for (String line : all.split("\n")) if (line.startsWith("| lenet5") || line.startsWith("| mlp")) order.add(line);
        assertEquals(6, order.size(), all);
        assertEquals("| lenet5 | fashion-mnist | prune(sparsity=0.9) | sparse | java | cpu-4t | 70.00 | "
                + "0.500 [0.450\u20130.600] | 20 | 97.7 | 90.0 | `a4` |", order.get(0));
        assertTrue(order.get(1).contains("| `a3` |") && order.get(2).contains("| `a1` |")
                && order.get(3).contains("| `a2` |") && order.get(4).contains("| `b2` |") && order.get(5).contains("| `b1` |"),
                String.join("\n", order));
        assertTrue(order.get(2).contains("| 91.00 | 2.000 [1.800\u20132.400] |"), order.get(2));

        // Pareto: a4 (0.70, 0.5), a3 (0.89, 0.8), a1 (0.91, 2.0); b2 (0.88, 1.0) is dominated by a3
        String pareto = text.substring(text.indexOf("## Pareto-optimal points"), text.indexOf("## All OK points"));
        assertTrue(pareto.contains("3 of 6 points are Pareto-optimal"), pareto);
        assertTrue(pareto.indexOf("`a4`") < pareto.indexOf("`a3`") && pareto.indexOf("`a3`") < pareto.indexOf("`a1`"), pareto);
        assertFalse(pareto.contains("`b2`") || pareto.contains("`a2`") || pareto.contains("`b1`"), pareto);

        // errors and skips, with table-safe messages
        String errors = text.substring(text.indexOf("## Errors"), text.indexOf("## Skipped points"));
        assertTrue(errors.contains("java.lang.OutOfMemoryError: heap \\| tiles at x"), errors);
        assertTrue(errors.contains("`e1`"));
        assertTrue(text.substring(text.indexOf("## Skipped points")).contains("winograd needs 3x3 kernels"));
    }

    @Test
    void plotsSimulatedCyclesOnlyWhenATargetReportsThem() throws Exception {
        List<ResultRow> rows = new ArrayList<>(rows());
        ResultRow sim = ok("c1", "lenet5", "none", "direct", "maeri(multipliers=64)", 0.91, 30.0, 0.0);
        Map<String, Double> m = new LinkedHashMap<>(sim.metrics());
        m.put(Metric.CYCLES, 123_456.0);
        rows.add(new ResultRow(sim.pointHash(), sim.sweep(), sim.status(), sim.pointJson(), sim.labels(), m, null, null,
                sim.machine(), sim.versions(), sim.seed(), sim.startedAt(), sim.elapsedSeconds()));
        Path md = ReportWriter.write(rows, out);
        byte[] png = Files.readAllBytes(md.getParent().resolve("cycles_per_hardware.png"));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
        assertTrue(Files.readString(md).contains("(cycles_per_hardware.png)"));

        ReportWriter.write(rows(), out);
        assertFalse(Files.exists(md.getParent().resolve("cycles_per_hardware.png")), "no target reported cycles");
    }

    @Test
    void skipsPlotsWithoutDataAndCompressionPlotWhenNothingVaries() throws Exception {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(ok("a1", "lenet5", "none", "im2col", "cpu-1t", 0.91, 2.0, null));
        rows.add(ok("a2", "lenet5", "none", "direct", "cpu-1t", 0.91, 300.0, null));   // > 10x: log x
        Path md = ReportWriter.write(rows, out);
        Path dir = md.getParent();
        assertTrue(Files.size(dir.resolve("accuracy_vs_latency.png")) > 1000);
        assertFalse(Files.exists(dir.resolve("accuracy_vs_compression.png")), "compression does not vary");
        String text = Files.readString(md);
        assertFalse(text.contains("accuracy_vs_compression"));
        assertTrue(text.contains("1 of 2 points are Pareto-optimal"), "a1 is as accurate and faster: it dominates a2\n" + text);

        Path md2 = ReportWriter.write(List.of(TestRows.bare("e", "s", Status.ERROR, "boom")), out);
        String text2 = Files.readString(md2);
        assertTrue(text2.contains("No accuracy-vs-latency plot"), text2);
        assertFalse(Files.exists(dir.resolve("accuracy_vs_latency.png")), "stale plot removed");
        assertTrue(text2.contains("| boom |"), text2);

        String empty = Files.readString(ReportWriter.write(List.of(), out));
        assertTrue(empty.contains("No results to report."), empty);
    }
}
