package org.dlas.compression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;

/**
 * Folds BatchNorm into the layer before it: for a Conv2d or Dense node whose output is read only by
 * one BatchNorm (and is not the graph output), {@code W'[k] = W[k] * g[k]} and
 * {@code b'[k] = (b[k] - mean[k]) * g[k] + beta[k]} with {@code g = gamma / sqrt(var + eps)}
 * (computed in double). The BatchNorm node disappears; the layer keeps its own name and the BN's
 * readers (or the graph output) read the layer instead. The result computes the same function up to
 * float rounding. BatchNorms after anything else (an Add, a Concat, a ReLU in pre-activation
 * designs), after a layer read by others too, or after an int8-quantised layer are left in place.
 */
public final class BatchNormFolding {
    private BatchNormFolding() { }

    /** The graph with every foldable BatchNorm folded (the input graph is not modified). */
    public static Graph fold(Graph g) {
        return fold(g, null, "bn-fold");
    }

    /** Folds and adds one {@code folded} entry per folded BN (and {@code bn-kept} per BN left) to {@code sink}, if not null. */
    static Graph fold(Graph g, List<CompressionReport.LayerReport> sink, String step) {
        Map<String, String> rename = new HashMap<>();   // folded BN name -> layer name
        Map<String, Op> replaced = new HashMap<>();      // layer name -> folded op
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Op.BatchNorm bn)) continue;
            String reason = null;
            Node prev = g.node(n.inputs().get(0));
            if (!(prev.op() instanceof Op.Conv2d || prev.op() instanceof Op.Dense)) reason = "follows " + prev.op().kind() + " '" + prev.name() + "'";
            else if (prev.op().isInt8()) reason = "follows int8 layer '" + prev.name() + "'";
            else if (g.consumers(prev.name()).size() != 1 || prev.name().equals(g.output())) reason = "'" + prev.name() + "' is read by others too";
            else if (replaced.containsKey(prev.name())) reason = "'" + prev.name() + "' already folded";
            if (reason != null) {
                if (sink != null) sink.add(new CompressionReport.LayerReport(step, n.name(), "bn-kept", reason, Map.of()));
                continue;
            }
            replaced.put(prev.name(), foldInto(prev.op(), bn));
            rename.put(n.name(), prev.name());
            if (sink != null) {
                sink.add(new CompressionReport.LayerReport(step, prev.name(), "folded",
                        String.format(Locale.ROOT, "BatchNorm '%s' folded in", n.name()), Map.of()));
            }
        }
        if (rename.isEmpty()) return g;
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (rename.containsKey(n.name())) continue;
            Op op = replaced.getOrDefault(n.name(), n.op());
            List<String> inputs = n.inputs().stream().map(i -> rename.getOrDefault(i, i)).toList();
            out.add(new Node(n.name(), op, inputs));
        }
        return new Graph(g.name(), out, rename.getOrDefault(g.output(), g.output()));
    }

    private static Op foldInto(Op layer, Op.BatchNorm bn) {
        float[] w = MagnitudePruning.weights(layer);
        float[] b = layer instanceof Op.Conv2d c ? c.bias() : ((Op.Dense) layer).bias();
        int k = bn.gamma().length;
        int per = w.length / k;
        float[] nw = new float[w.length];
        float[] nb = new float[k];
        for (int ch = 0; ch < k; ch++) {
            double scale = bn.gamma()[ch] / Math.sqrt((double) bn.var()[ch] + bn.eps());
            for (int i = ch * per; i < (ch + 1) * per; i++) nw[i] = (float) (w[i] * scale);
            double bias = b == null ? 0 : b[ch];
            nb[ch] = (float) ((bias - bn.mean()[ch]) * scale + bn.beta()[ch]);
        }
        if (layer instanceof Op.Conv2d c) return c.withWeights(nw, nb);
        return ((Op.Dense) layer).withWeights(nw, nb);
    }
}
