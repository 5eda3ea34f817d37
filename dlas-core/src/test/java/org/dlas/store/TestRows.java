package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;

/** Fixtures and a content comparison for {@link ResultRow} (whose record equality compares arrays by identity). */
public final class TestRows {

    private TestRows() { }

    /** A fully populated OK row; values derive from {@code i} so that a row can be regenerated and compared. */
    public static ResultRow full(String sweep, int i) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("dataset", "fashion-mnist");
        labels.put("model", i % 2 == 0 ? "lenet5" : "mlp, wide");
        labels.put("compression", i % 3 == 0 ? "none" : "prune(sparsity=0." + (i % 10) + ")");
        labels.put("primitive", i % 2 == 0 ? "im2col" : "direct");
        labels.put("codegen", "none");
        labels.put("hardware", i % 4 < 2 ? "cpu-1t" : "cpu-4t");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metric.TOP1, 0.80 + (i % 17) / 100.0);
        metrics.put(Metric.TOP5, 0.99);
        metrics.put(Metric.TEST_IMAGES, 10000.0);
        metrics.put(Metric.LATENCY_MEDIAN_MS, 1.0 + i * 0.25);
        metrics.put(Metric.LATENCY_P10_MS, 0.9 + i * 0.25);
        metrics.put(Metric.LATENCY_P90_MS, 1.3 + i * 0.25);
        metrics.put(Metric.LATENCY_REPEATS, 30.0);
        metrics.put(Metric.MODEL_SIZE_BYTES, 250_000.0 + i);
        metrics.put(Metric.SPARSITY, (i % 10) / 10.0);
        metrics.put(Metric.MACS, 2.3e6);
        metrics.put(Metric.PARAMS, 61706.0);
        metrics.put(Metric.LABEL_DIFF_SHARE, 0.0125);
        metrics.put("sim.utilisation", 0.5 + i / 1000.0);
        int[] predictions = new int[1000];
        for (int k = 0; k < predictions.length; k++) predictions[k] = (k * 7 + i) % 10;
        return new ResultRow(hash(i), sweep, Status.OK, "{\"i\":" + i + ",\"model\":\"x\"}", labels, metrics,
                predictions, "note \"" + i + "\"", "test-machine, 2 cores", "dlas test", 1000L + i,
                "2024-05-01T10:00:" + String.format("%02d", i % 60) + "Z", 0.5 + i);
    }

    /** A row with only the mandatory fields and the given status/message. */
    public static ResultRow bare(String hash, String sweep, Status status, String message) {
        return new ResultRow(hash, sweep, status, "{}", Map.of("model", "m"), Map.of(), null, message,
                "test-machine", "dlas test", 7L, "2024-05-01T11:00:00Z", 0.0);
    }

    public static String hash(int i) { return String.format("h%06d", i); }

    /** Asserts that two rows have the same content (arrays by value; maps by entries, ignoring order). */
    public static void assertSameRow(ResultRow expected, ResultRow actual) {
        assertEquals(expected.pointHash(), actual.pointHash(), "hash");
        assertEquals(expected.sweep(), actual.sweep(), "sweep");
        assertEquals(expected.status(), actual.status(), "status");
        assertEquals(expected.pointJson(), actual.pointJson(), "pointJson");
        assertEquals(expected.labels(), actual.labels(), "labels");
        assertEquals(expected.metrics(), actual.metrics(), "metrics");
        assertArrayEquals(expected.predictions(), actual.predictions(), "predictions");
        assertEquals(expected.message(), actual.message(), "message");
        assertEquals(expected.machine(), actual.machine(), "machine");
        assertEquals(expected.versions(), actual.versions(), "versions");
        assertEquals(expected.seed(), actual.seed(), "seed");
        assertEquals(expected.startedAt(), actual.startedAt(), "startedAt");
        assertEquals(expected.elapsedSeconds(), actual.elapsedSeconds(), 0.0, "elapsed");
    }
}
