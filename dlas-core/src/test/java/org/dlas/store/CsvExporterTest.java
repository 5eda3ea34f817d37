package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExporterTest {

    @TempDir
    Path dir;

    @Test
    void quotesPerRfc4180() {
        assertEquals("plain", CsvExporter.quote("plain"));
        assertEquals("", CsvExporter.quote(null));
        assertEquals("", CsvExporter.quote(""));
        assertEquals("\"a,b\"", CsvExporter.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExporter.quote("say \"hi\""));
        assertEquals("\"line1\nline2\"", CsvExporter.quote("line1\nline2"));
        assertEquals("\"cr\rhere\"", CsvExporter.quote("cr\rhere"));
        assertEquals("\" padded \"", CsvExporter.quote(" padded "));
    }

    @Test
    void headerHasFixedColumnsThenExtrasSorted() {
        ResultRow a = TestRows.full("s", 1);
        Map<String, Double> m = new LinkedHashMap<>(Map.of("zeta", 1.0, "alpha", 2.0));
        ResultRow b = new ResultRow("b", "s", Status.OK, "{}", Map.of("model", "m"), m, null, null, null, null, 0L,
                null, 0.0);
        List<String> h = CsvExporter.header(List.of(a, b));
        List<String> expected = new ArrayList<>(List.of("hash", "sweep", "status"));
        expected.addAll(ResultColumns.AXES);
        expected.addAll(ResultColumns.METRICS);
        expected.addAll(List.of("alpha", "sim.utilisation", "zeta"));
        expected.addAll(List.of("message", "machine", "versions", "seed", "started_at", "elapsed_s"));
        assertEquals(expected, h);
    }

    @Test
    void writesOneParsableLinePerRow() throws Exception {
        ResultRow nasty = new ResultRow("h,1", "sweep \"x\"", Status.ERROR, "{}",
                Map.of("model", "mlp, wide", "compression", "prune(sparsity=0.5)"),
                Map.of(Metric.TOP1, 0.9123, Metric.MACS, 2.3e6, Metric.TEST_IMAGES, 10000.0),
                null, "java.lang.IllegalStateException: bad \"shape\"\n\tat X.y(X.java:1)", "host, 2 cores",
                "dlas dev", 42L, "2024-05-01T10:00:00Z", 1.5);
        ResultRow ok = TestRows.full("s", 2);
        Path file = CsvExporter.write(List.of(nasty, ok), dir);
        assertEquals(dir.resolve("results.csv"), file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"));
        List<List<String>> records = parse(text);
        assertEquals(3, records.size(), "header + 2 records despite the embedded newline");
        List<String> header = records.get(0);
        for (List<String> r : records) assertEquals(header.size(), r.size());
        List<String> first = records.get(1);
        assertEquals("h,1", first.get(header.indexOf("hash")));
        assertEquals("sweep \"x\"", first.get(header.indexOf("sweep")));
        assertEquals("ERROR", first.get(header.indexOf("status")));
        assertEquals("mlp, wide", first.get(header.indexOf("model")));
        assertEquals("", first.get(header.indexOf("primitive")));
        assertEquals("0.9123", first.get(header.indexOf("top1")));
        assertEquals("2300000", first.get(header.indexOf("macs")));
        assertEquals("10000", first.get(header.indexOf("test_images")));
        assertEquals("", first.get(header.indexOf("latency_median_ms")));
        assertEquals("java.lang.IllegalStateException: bad \"shape\"\n\tat X.y(X.java:1)", first.get(header.indexOf("message")));
        assertEquals("42", first.get(header.indexOf("seed")));
        assertEquals("1.5", first.get(header.indexOf("elapsed_s")));
        List<String> second = records.get(2);
        assertEquals("0.502", second.get(header.indexOf("sim.utilisation")));
        assertEquals("", first.get(header.indexOf("sim.utilisation")));
        assertEquals("1.5", second.get(header.indexOf("latency_median_ms")));
    }

    /** A strict RFC 4180 reader, for checking the writer. */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() != 0) throw new IllegalArgumentException("quote inside unquoted field at " + i);
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException("bare line break outside quotes at " + i);
            } else {
                field.append(c);
            }
        }
        if (quoted || field.length() > 0 || !record.isEmpty()) throw new IllegalArgumentException("unterminated record");
        return records;
    }
}
