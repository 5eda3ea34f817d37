package org.dlas.robust;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.compression.CalibrationData;
import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.robust.CampaignResult.Cell;
import org.dlas.robust.mutation.MutationOperator;
import org.dlas.spec.Choice;
import org.dlas.store.Machine;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.Outputs;
import org.dlas.target.PreparedModel;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Mutation testing of one model across execution environments, after MutateNN's oracle: every
 * mutant runs on every environment and is compared with the ORIGINAL model on the SAME
 * environment; it is killed when the share of test images whose top-1 label differs exceeds the
 * threshold (default 0: any difference). A mutant that throws (when built, quantised, prepared or
 * run) is a crash: recorded, and the campaign goes on. Mutants run in parallel on the common pool
 * (as many at once as cores), each environment of one mutant in turn; this is safe because every
 * mutant gets its own prepared model - on jvm its own compiled kernels, on onnxruntime its own
 * session, on cpu/gpu its own TVM build (own job directory, moved atomically into the cache) and
 * graph executor, on the simulated accelerators its own simulator and statistics; the fpga
 * target runs every SystemC simulation on one thread of its own (SystemC is not thread-safe), so
 * its mutants queue there. {@link #timings()} says where the wall time went.
 */
public final class MutationCampaign {
    public static final String KILLED = "mut.killed", CRASHED = "mut.crashed", LATENCY_CHANGE = "mut.latency_change", DISCREPANCY = "mut.discrepancy";
    public static final String ORIGINAL = "original";

    private final Graph model;
    private final List<MutationOperator> operators;
    private final List<Environment> environments;
    private final Dataset test;
    private final CalibrationData calibration;
    private final long seed;
    private double threshold = 0.0;
    private int batch = 100;
    private boolean parallel = true;
    private int maxMutants = Integer.MAX_VALUE;
    private Map<String, String> lastNotes = Map.of();
    private CampaignTimings timings = new CampaignTimings();

    public MutationCampaign(Graph model, List<MutationOperator> operators, List<Environment> environments, Dataset test,
                            CalibrationData calibration, long seed) {
        if (environments.isEmpty()) throw new InvalidInputException(ErrorKind.MISSING, "a campaign needs at least one environment");
        this.model = model;
        this.operators = List.copyOf(operators);
        this.environments = List.copyOf(environments);
        this.test = test;
        this.calibration = calibration;
        this.seed = seed;
    }

    /** Kill threshold on the label-difference share (default 0.0: any difference kills). */
    public MutationCampaign threshold(double t) { this.threshold = t; return this; }
    public MutationCampaign parallel(boolean p) { this.parallel = p; return this; }
    /** Runs only the first n applicable operators (one mutant each); the rest are left out, not reported. */
    public MutationCampaign maxMutants(int n) { this.maxMutants = n; return this; }

    /** Where the last run's time went. */
    public CampaignTimings timings() { return timings; }

    private record Run(int[] predictions, double top1, double latencyMs, String error, String notes) {
        Run(int[] predictions, double top1, double latencyMs, String error) { this(predictions, top1, latencyMs, error, ""); }
    }

    /** Runs the campaign; when {@code outputDir} is not null, writes results.db, kill-matrix.csv, label-diff-heatmap.png and summary.md there. */
    public CampaignResult run(Path outputDir) throws Exception {
        timings = new CampaignTimings();
        long start = System.nanoTime();
        Map<String, String> notApplicable = new LinkedHashMap<>();
        List<MutationOperator> applicable = new ArrayList<>();
        for (MutationOperator op : operators) {
            var reason = op.notApplicable(model);
            if (reason.isPresent()) notApplicable.put(op.name(), reason.get());
            else if (applicable.size() < maxMutants) applicable.add(op);
        }
        List<String> envLabels = environments.stream().map(Environment::label).toList();
        Map<String, Run> originals = new LinkedHashMap<>();
        for (Environment e : environments) originals.put(e.label(), runOn(model, e));
        timings.phase("originals", start);
        start = System.nanoTime();

        Map<String, Map<String, Run>> mutantRuns = new ConcurrentHashMap<>();
        var stream = parallel ? applicable.parallelStream() : applicable.stream();
        stream.forEach(op -> {
            Map<String, Run> runs = new LinkedHashMap<>();
            Graph mutant = null;
            String buildError = null;
            try {
                mutant = op.apply(model, seed);
            } catch (Exception | Error e) {
                buildError = "mutation failed: " + e;
            }
            for (Environment e : environments) runs.put(e.label(), buildError != null ? new Run(null, Double.NaN, Double.NaN, buildError) : runOn(mutant, e));
            mutantRuns.put(op.name(), runs);
        });
        timings.phase("mutants", start);
        start = System.nanoTime();

        List<String> mutantNames = applicable.stream().map(MutationOperator::name).toList();
        Map<String, String> notes = new LinkedHashMap<>();
        originals.forEach((env, o) -> notes.put(CampaignResult.key(ORIGINAL, env), o.notes));
        mutantRuns.forEach((m, runs) -> runs.forEach((env, o) -> notes.put(CampaignResult.key(m, env), o.notes)));
        this.lastNotes = notes;
        Map<String, Cell> cells = new LinkedHashMap<>();
        Map<String, Cell> originalCells = new LinkedHashMap<>();
        for (String env : envLabels) {
            Run o = originals.get(env);
            originalCells.put(env, new Cell(ORIGINAL, env, o.error == null, o.error == null ? 0 : Double.NaN, false, o.top1, o.latencyMs, 0,
                    o.error, o.predictions));
        }
        for (String m : mutantNames) {
            for (String env : envLabels) {
                Run r = mutantRuns.get(m).get(env), o = originals.get(env);
                String error = r.error != null ? r.error : o.error != null ? "original failed on " + env + ": " + o.error : null;
                if (error != null) {
                    cells.put(CampaignResult.key(m, env), new Cell(m, env, false, Double.NaN, false, r.top1, r.latencyMs, Double.NaN, error, r.predictions));
                } else {
                    double diff = diffShare(r.predictions, o.predictions);
                    cells.put(CampaignResult.key(m, env), new Cell(m, env, true, diff, diff > threshold, r.top1, r.latencyMs,
                            r.latencyMs / o.latencyMs - 1, null, r.predictions));
                }
            }
        }
        Map<String, Double> score = new LinkedHashMap<>();
        for (String env : envLabels) {
            int detected = 0;
            for (String m : mutantNames) { Cell c = cells.get(CampaignResult.key(m, env)); if (c.killed() || c.crashed()) detected++; }
            score.put(env, mutantNames.isEmpty() ? Double.NaN : (double) detected / mutantNames.size());
        }
        Map<String, Double> discrepancy = new LinkedHashMap<>();
        for (String m : mutantNames) {
            List<int[]> preds = new ArrayList<>();
            for (String env : envLabels) { Cell c = cells.get(CampaignResult.key(m, env)); if (c.ok()) preds.add(c.predictions()); }
            discrepancy.put(m, maxPairwise(preds));
        }
        List<int[]> origPreds = new ArrayList<>();
        for (Run o : originals.values()) if (o.error == null) origPreds.add(o.predictions);
        Double od = maxPairwise(origPreds);
        CampaignResult result = new CampaignResult(model.name(), mutantNames, notApplicable, envLabels, cells, originalCells, score,
                discrepancy, od == null ? Double.NaN : od, threshold, test.size());
        if (outputDir != null) {
            java.nio.file.Files.createDirectories(outputDir);
            store(result, outputDir);
            CampaignReport.write(result, outputDir);
        }
        timings.phase("report", start);
        return result;
    }

    static double diffShare(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) d++;
        return (double) d / a.length;
    }

    private static Double maxPairwise(List<int[]> preds) {
        if (preds.size() < 2) return null;
        double m = 0;
        for (int i = 0; i < preds.size(); i++) for (int j = i + 1; j < preds.size(); j++) m = Math.max(m, diffShare(preds.get(i), preds.get(j)));
        return m;
    }

    private Run runOn(Graph g, Environment env) {
        long started = System.nanoTime();
        try {
            Graph runnable = env.convert(g, calibration);
            int n = test.size(), size = test.imageSize();
            int classes = runnable.outputShape().size();
            float[] logits = new float[n * classes];
            long t0, elapsed = 0;
            String notes;
            try (PreparedModel pm = env.prepare(runnable)) {
                timings.prepared(env.label(), System.nanoTime() - started);
                notes = pm.notes();
                for (int from = 0; from < n; from += batch) {
                    int k = Math.min(batch, n - from);
                    float[] x = new float[k * size];
                    System.arraycopy(test.images(), from * size, x, 0, k * size);
                    t0 = System.nanoTime();
                    float[] y = pm.infer(x, k);
                    elapsed += System.nanoTime() - t0;
                    if (y.length != k * classes) throw new IllegalStateException("target returned " + y.length + " values for " + k + " images of " + classes + " classes");
                    System.arraycopy(y, 0, logits, from * classes, k * classes);
                }
            }
            timings.inferred(env.label(), elapsed);
            Outputs out = new Outputs(logits, n, classes);
            return new Run(out.top1(), out.topK(test.labels(), 1), elapsed / 1e6 / n, null, notes == null ? "" : notes);
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof OutOfMemoryError)) throw vme;
            return new Run(null, Double.NaN, Double.NaN, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void store(CampaignResult r, Path dir) {
        String machine = Machine.describe(), versions = Machine.versions(), now = Instant.now().toString();
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            List<Cell> all = new ArrayList<>(r.originals().values());
            all.addAll(r.cells().values());
            for (Cell c : all) {
                Environment env = Environment.parse(c.environment());
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("dataset", test.name());
                labels.put("model", r.model());
                labels.put("compression", c.mutant());
                labels.put("primitive", env.primitive() + (env.precision().equals(Environment.FP32) ? "" : "/" + env.precision()));
                labels.put("codegen", env.codegenChoice().label());
                labels.put("hardware", new Choice(env.target(), env.targetParams()).label());
                Map<String, Double> metrics = new HashMap<>();
                metrics.put(Metric.TEST_IMAGES, (double) r.images());
                if (c.ok()) {
                    metrics.put(Metric.LABEL_DIFF_SHARE, c.labelDiff());
                    metrics.put(Metric.TOP1, c.top1());
                    metrics.put(Metric.LATENCY_MEDIAN_MS, c.latencyMs());
                    metrics.put(LATENCY_CHANGE, c.latencyChange());
                    metrics.put(KILLED, c.killed() ? 1.0 : 0.0);
                }
                metrics.put(CRASHED, c.ok() ? 0.0 : 1.0);
                Double disc = r.discrepancy().get(c.mutant());
                if (disc != null) metrics.put(DISCREPANCY, disc);
                String json = pointJson(r.model(), c.mutant(), c.environment(), r.images(), seed, r.threshold());
                store.put(new ResultRow(sha(json), "mutate-" + r.model(), c.ok() ? ResultRow.Status.OK : ResultRow.Status.ERROR, json, labels,
                        metrics, c.predictions(), c.ok() ? lastNotes.getOrDefault(CampaignResult.key(c.mutant(), c.environment()), "") : c.error(), machine, versions, seed, now, 0.0));
            }
        }
    }

    /** A mutant's row definition; its SHA is the row's point hash, so field order and number formats stay as they were. */
    static String pointJson(String model, String mutant, String environment, int images, long seed, double threshold) {
        ObjectNode point = JsonNodeFactory.instance.objectNode()
                .put("campaign", "mutate").put("model", model).put("mutant", mutant).put("environment", environment)
                .put("images", images).put("seed", seed).put("threshold", threshold);
        return point.toString();
    }

    static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) sb.append(String.format("%02x", d[i]));
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
