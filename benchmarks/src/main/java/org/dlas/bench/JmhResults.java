package org.dlas.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dlas.bench.KernelSummary.Row;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Reading JMH's JSON result file: the measured rows of the conv kernel benchmarks, with the derived rates. */
final class JmhResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {}

    /** Reads a JMH JSON result file (an array of benchmark results). */
    static JsonNode read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (!root.isArray()) throw new IOException(file + " is not a JMH JSON result array");
        return root;
    }

    /** Converts one score in a JMH unit to seconds per operation. */
    static double secondsPerOp(double score, String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "unexpected JMH unit " + unit).at("scoreUnit");
        boolean timePerOp = parts[1].equals("op");
        String time = timePerOp ? parts[0] : parts[1];
        double s = switch (time) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new InvalidInputException(ErrorKind.BAD_FORMAT, "unexpected JMH unit " + unit).at("scoreUnit");
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
    static List<Row> rows(JsonNode jmh, MachinePeak peak, int defaultThreads, long thresholdMacs) {
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
            double relIqr = IterationStats.relativeIqr(raw);
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
}
