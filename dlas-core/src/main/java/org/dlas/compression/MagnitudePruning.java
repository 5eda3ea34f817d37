package org.dlas.compression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * {@code prune}: unstructured magnitude pruning. What is pruned: the weights of every Conv2d and
 * Dense layer (including depthwise convs and the classifier); biases, BatchNorm parameters and
 * all other operators are left alone. With {@code skip_first} (default) the first Conv2d/Dense in
 * graph order keeps all its weights, as is common practice (it has few weights and is sensitive).
 *
 * <ul>
 *   <li>{@code scope=layer}: each pruned layer of n weights gets exactly {@code round(sparsity * n)}
 *       zeros: its smallest-magnitude weights (ties broken by position).</li>
 *   <li>{@code scope=global}: one magnitude threshold over all pruned layers' weights together, so
 *       that exactly {@code round(sparsity * N)} of their N weights are zero; layers end up with
 *       different sparsities.</li>
 * </ul>
 * Weights that are already zero count towards the target (they are the smallest); a layer that is
 * already sparser than requested is left as is. The shapes and MACs do not change; the zeros are
 * what sparse primitives (CSR/BSR) exploit. Layers already quantised to int8 are rejected: prune
 * before {@code int8}.
 *
 * <p>{@code finetune_images} (default 0): a short fine-tuning pass on that many training images
 * after pruning ({@link FineTuning}), with the pruned weights held at zero, so the sparsity stays
 * exactly the one reached; it needs the training split
 * ({@link #compress(Graph, Choice, CalibrationData, Dataset)}).
 */
public final class MagnitudePruning implements FineTunedCompressor {
    public static final String NAME = "prune";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.number("sparsity", "share of conv/dense weights set to zero", 0.5, 0.0, 0.99),
            ParamSpec.oneOf("scope", "layer: every pruned layer reaches the sparsity; global: one magnitude threshold over all pruned layers",
                    "layer", List.of("layer", "global")),
            ParamSpec.flag("skip_first", "leave the first conv/dense layer dense", true),
            FineTuning.param());

    @Override public String name() { return NAME; }

    @Override public List<ParamSpec> params() { return PARAMS; }

    /** Prunes, then fine-tunes on {@code trainData} with the pruned weights masked when {@code finetune_images > 0}. */
    @Override
    public CompressionResult compress(Graph model, Choice choice, CalibrationData calibration, Dataset trainData) {
        Params p = Params.resolve(NAME, choice, PARAMS);
        double sparsity = p.number("sparsity");
        boolean global = p.string("scope").equals("global");
        boolean skipFirst = p.flag("skip_first");
        int finetune = p.integer(FineTuning.PARAM);
        FineTuning.check(p.label(), finetune, trainData);

        List<Node> layers = new ArrayList<>();
        for (Node n : model.nodes()) {
            if (n.op() instanceof Op.Conv2d || n.op() instanceof Op.Dense) {
                if (n.op().isInt8()) {
                    throw new InvalidInputException(ErrorKind.CONFLICT, "prune: layer '" + n.name() + "' is already int8-quantised; apply prune before int8");
                }
                layers.add(n);
            }
        }
        List<CompressionReport.LayerReport> entries = new ArrayList<>();
        List<Node> targets = new ArrayList<>(layers);
        if (skipFirst && !targets.isEmpty()) {
            Node first = targets.remove(0);
            entries.add(new CompressionReport.LayerReport(NAME, first.name(), "skipped", "first layer (skip_first=true)",
                    Map.of("sparsity", sparsityOf(weights(first.op())))));
        }

        Map<String, float[]> pruned = new HashMap<>();
        for (Node n : targets) pruned.put(n.name(), weights(n.op()).clone());
        if (global) {
            List<float[]> arrays = targets.stream().map(n -> pruned.get(n.name())).toList();
            zeroSmallest(arrays, sparsity);
        } else {
            for (Node n : targets) zeroSmallest(List.of(pruned.get(n.name())), sparsity);
        }
        for (Node n : targets) {
            float[] before = weights(n.op()), after = pruned.get(n.name());
            long zeros = countZeros(after);
            double s = after.length == 0 ? 0 : (double) zeros / after.length;
            entries.add(new CompressionReport.LayerReport(NAME, n.name(), "pruned",
                    String.format(Locale.ROOT, "sparsity %.3f -> %.3f (%d/%d zero)", sparsityOf(before), s, zeros, after.length),
                    Map.of("sparsity", s, "zeros", (double) zeros, "weights", (double) after.length,
                            "sparsity_before", sparsityOf(before))));
        }
        Graph out = model.mapOps(n -> {
            float[] w = pruned.get(n.name());
            if (w == null) return n.op();
            if (n.op() instanceof Op.Conv2d c) return c.withWeights(w, c.bias());
            Op.Dense d = (Op.Dense) n.op();
            return d.withWeights(w, d.bias());
        });
        List<String> notes = new ArrayList<>();
        if (targets.isEmpty()) notes.add("no conv/dense layer to prune");
        CompressionReport report = new CompressionReport(p.label(), orderLike(model, entries), notes, GraphStats.of(model), GraphStats.of(out));
        return FineTuning.apply(new CompressionResult(out, report), finetune, true, trainData);
    }

    /**
     * Zeros the {@code round(sparsity * N)} smallest-magnitude values over all arrays together
     * (N = their total length); among equal magnitudes at the threshold, earlier positions (array
     * order, then index) go first, so the count is exact.
     */
    static void zeroSmallest(List<float[]> arrays, double sparsity) {
        long total = 0;
        for (float[] a : arrays) total += a.length;
        long target = Math.round(sparsity * total);
        if (target <= 0) return;
        float[] mags = new float[(int) total];
        int i = 0;
        for (float[] a : arrays) for (float v : a) mags[i++] = Math.abs(v);
        Arrays.sort(mags);
        float threshold = mags[(int) target - 1];
        long below = 0;
        for (float[] a : arrays) for (float v : a) if (Math.abs(v) < threshold) below++;
        long atThresholdToZero = target - below;
        for (float[] a : arrays) {
            for (int j = 0; j < a.length; j++) {
                float m = Math.abs(a[j]);
                if (m < threshold) a[j] = 0f;
                else if (m == threshold && atThresholdToZero > 0) {
                    a[j] = 0f;
                    atThresholdToZero--;
                }
            }
        }
    }

    static float[] weights(Op op) {
        if (op instanceof Op.Conv2d c) return c.weight();
        if (op instanceof Op.Dense d) return d.weight();
        throw new IllegalArgumentException(op.kind() + " has no weights");
    }

    private static long countZeros(float[] w) {
        long z = 0;
        for (float v : w) if (v == 0f) z++;
        return z;
    }

    private static double sparsityOf(float[] w) { return w.length == 0 ? 0 : (double) countZeros(w) / w.length; }

    private static List<CompressionReport.LayerReport> orderLike(Graph g, List<CompressionReport.LayerReport> entries) {
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) pos.put(g.nodes().get(i).name(), i);
        List<CompressionReport.LayerReport> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Integer.compare(pos.get(a.node()), pos.get(b.node())));
        return sorted;
    }
}
