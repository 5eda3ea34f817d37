package org.dlas.sweep;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.dlas.data.Dataset;
import org.dlas.data.SyntheticInputs;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.spec.Axis;
import org.dlas.spec.Choice;
import org.dlas.spec.Measurement;
import org.dlas.spec.PlannedPoint;
import org.dlas.spec.Point;
import org.dlas.store.Machine;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;

/**
 * Measures one point of the stack: compress the model, prepare it on the target with the chosen
 * primitive and code generation, then accuracy on the test images (with the label comparison
 * against the reference) and latency (warm-up runs, then repeated timed runs).
 */
public final class PointRunner {
    private final Workbench bench;

    public PointRunner(Workbench bench) {
        this.bench = bench;
    }

    public ResultRow run(PlannedPoint planned) {
        Point p = planned.point();
        Instant start = Instant.now();
        if (planned.skipReason() != null) return row(p, Status.SKIPPED, Map.of(), null, planned.skipReason(), start);
        HardwareTarget target = Targets.get(p.choice(Axis.HARDWARE).name());
        Optional<String> why = target.unavailableReason()
                .or(() -> target.unsupported(p.choice(Axis.HARDWARE), p.choice(Axis.PRIMITIVE), p.choice(Axis.CODEGEN)));
        if (why.isPresent()) return row(p, Status.SKIPPED, Map.of(), null, why.get(), start);
        try {
            return measure(p, target, start);
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return row(p, Status.ERROR, Map.of(), null, msg, start);
        }
    }

    private ResultRow measure(Point p, HardwareTarget target, Instant start) throws Exception {
        Measurement m = p.measure();
        String dataset = p.choice(Axis.DATASET).name();
        Choice model = p.choice(Axis.MODEL);
        Graph compressed = bench.compressed(dataset, model, p.choice(Axis.COMPRESSION), m.calibrationImages());
        if (target.int8Only() && !compressed.fp32MacLayers().isEmpty()) {
            return row(p, Status.SKIPPED, Map.of(), null, "hardware " + target.name()
                    + " computes int8 only and this point's model has fp32 layers (use compression int8)", start);
        }
        Dataset test = bench.testImages(dataset, model, m.testImages());
        Outputs reference = bench.reference(dataset, model, m.testImages());

        Map<String, Double> metrics = new LinkedHashMap<>();
        GraphStats stats = GraphStats.of(compressed);
        metrics.put(Metric.PARAMS, (double) stats.params());
        metrics.put(Metric.MACS, (double) stats.macs());
        metrics.put(Metric.MODEL_SIZE_BYTES, (double) stats.sizeBytes());
        metrics.put(Metric.SPARSITY, stats.sparsity());

        try (PreparedModel prepared = target.prepare(compressed, p.choice(Axis.HARDWARE), p.choice(Axis.PRIMITIVE), p.choice(Axis.CODEGEN), m.batch())) {
            Outputs out = Workbench.Runner.run(prepared::infer, test);
            metrics.put(Metric.TEST_IMAGES, (double) test.size());
            // a model with other classes than the data set (an imported one) has no accuracy here
            boolean synthetic = SyntheticInputs.is(test);
            boolean labelled = out.classes() == test.classes() && !synthetic;
            if (labelled) metrics.put(Metric.TOP1, out.topK(test.labels(), 1));
            if (labelled && out.classes() >= 10) metrics.put(Metric.TOP5, out.topK(test.labels(), 5));
            metrics.put(Metric.LABEL_DIFF_SHARE, out.labelDifference(reference));
            metrics.put(Metric.MAX_OUTPUT_DEVIATION, out.maxDeviation(reference));

            LatencyStats latency = time(prepared, test, m);
            metrics.put(Metric.LATENCY_MEDIAN_MS, latency.medianMs());
            metrics.put(Metric.LATENCY_P10_MS, latency.p10Ms());
            metrics.put(Metric.LATENCY_P90_MS, latency.p90Ms());
            metrics.put(Metric.LATENCY_REPEATS, (double) latency.repeats());
            metrics.putAll(prepared.extraMetrics());

            String note = (synthetic ? "no accuracy: " + test.name() + "; " : labelled ? "" : "no accuracy: the model has " + out.classes()
                    + " classes, " + test.name() + " has " + test.classes() + " labels; ")
                    + (test.name().contains(" fed as ") || ModelSource.imageFolder(model) != null ? "images: " + test.name() + "; " : "") + "latency: " + prepared.howMeasured() + ", batch " + m.batch() + ", median of " + m.repeats()
                    + " runs after " + m.warmup() + " warm-up; labels compared with the " + Workbench.REFERENCE
                    + (prepared.notes().isEmpty() ? "" : "; " + prepared.notes());
            return row(p, Status.OK, metrics, out.top1(), note, start);
        }
    }

    private static LatencyStats time(PreparedModel prepared, Dataset test, Measurement m) throws Exception {
        int per = test.channels() * test.height() * test.width();
        int batch = Math.min(m.batch(), test.size());
        float[] input = new float[batch * per];
        System.arraycopy(test.images(), 0, input, 0, input.length);
        return LatencyStats.measure(prepared::infer, input, batch, m.warmup(), m.repeats());
    }

    /** An error row for a point that could not run to its end (a timeout, a lost task). */
    public static ResultRow failed(Point p, String message, Instant start) {
        return row(p, Status.ERROR, Map.of(), null, message, start);
    }

    static ResultRow row(Point p, Status status, Map<String, Double> metrics, int[] predictions, String message, Instant start) {
        double elapsed = (java.time.Duration.between(start, Instant.now()).toNanos()) / 1e9;
        return new ResultRow(p.hash(), p.sweep(), status, p.canonicalJson(), p.labels(), metrics, predictions,
                message, Machine.describe(), Machine.versions(), p.measure().seed(), start.toString(), elapsed);
    }

}
