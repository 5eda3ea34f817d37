package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;

/**
 * Confirms findings on real images: every node both models have (same name and kind) is compared on the first few images; a node diverges when its output size or any output value differs.
 */
final class ActivationComparison {
    /** Images whose activations are kept and compared (all node outputs of this many images stay in memory). */
    static final int IMAGES = 16;

    private ActivationComparison() { }

    /** The diverging nodes in converted-graph order. */
    static List<NodeDivergence> compare(Graph source, Graph converted, StructureComparison structure, Dataset images) {
        Map<String, float[]> kept = new HashMap<>();
        LabelRunner.observe(source, images, IMAGES, (node, out, n) -> kept.put(node.name(), out.clone()));
        List<NodeDivergence> out = new ArrayList<>();
        LabelRunner.observe(converted, images, IMAGES, (node, y, n) -> {
            float[] x = kept.get(node.name());
            if (x == null || !structure.matched(node.name())) return;
            if (x.length != y.length) { out.add(new NodeDivergence(node.name(), Double.NaN, Double.NaN)); return; }
            double maxAbs = 0, scale = 0;
            for (int i = 0; i < x.length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(x[i] - y[i]));
                scale = Math.max(scale, Math.abs(x[i]));
            }
            if (maxAbs > 0) out.add(new NodeDivergence(node.name(), maxAbs, scale == 0 ? Double.POSITIVE_INFINITY : maxAbs / scale));
        });
        return out;
    }

    /** The divergence of {@code node}, or null when it does not diverge. */
    static NodeDivergence at(List<NodeDivergence> divergences, String node) {
        for (NodeDivergence d : divergences) if (d.node().equals(node)) return d;
        return null;
    }
}
