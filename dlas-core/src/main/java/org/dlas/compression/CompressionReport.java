package org.dlas.compression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.dlas.ir.GraphStats;

/**
 * What a compression (or a pipeline of them) did: one entry per touched or deliberately skipped
 * layer, free-form notes, and the graph statistics before and after. {@link #summary()} is one line
 * for a result row's message; {@link #details()} lists every layer.
 *
 * @param label  the choice label(s), e.g. {@code prune(scope=layer,skip_first=true,sparsity=0.5)}
 * @param layers per-layer entries in graph order (per step, for pipelines)
 * @param notes  global remarks (limitations hit, skipped work)
 * @param before statistics of the input graph
 * @param after  statistics of the output graph
 */
public record CompressionReport(String label, List<LayerReport> layers, List<String> notes,
                                GraphStats before, GraphStats after) {

    /**
     * One layer's entry.
     *
     * @param step    the compression that wrote it ({@code prune}, {@code int8}...)
     * @param node    the node name
     * @param action  what happened, a short verb: e.g. {@code pruned}, {@code skipped},
     *                {@code filters-removed}, {@code inputs-removed}, {@code folded}, {@code quantized}
     * @param detail  human-readable detail
     * @param figures the numbers behind the detail (e.g. {@code sparsity}, {@code filters_before},
     *                {@code input_scale}), for programmatic use
     */
    public record LayerReport(String step, String node, String action, String detail, Map<String, Double> figures) {
        public LayerReport {
            figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures == null ? Map.of() : figures));
        }

        public double figure(String key) {
            Double v = figures.get(key);
            if (v == null) throw new IllegalArgumentException("layer " + node + " (" + action + ") has no figure '" + key + "', has " + figures.keySet());
            return v;
        }

        @Override public String toString() { return node + ": " + action + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"); }
    }

    public CompressionReport {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
    }

    /** Entries with the given action, in order. */
    public List<LayerReport> layers(String action) {
        return layers.stream().filter(l -> l.action().equals(action)).toList();
    }

    /** Names of the nodes with the given action, in order. */
    public List<String> nodes(String action) {
        return layers(action).stream().map(LayerReport::node).toList();
    }

    /** The first entry for {@code node} with {@code action}, or null. */
    public LayerReport layer(String node, String action) {
        for (LayerReport l : layers) if (l.node().equals(node) && l.action().equals(action)) return l;
        return null;
    }

    /** This report followed by {@code next} (a pipeline): labels joined with {@code " then "}. */
    public CompressionReport then(CompressionReport next) {
        List<LayerReport> all = new ArrayList<>(layers);
        all.addAll(next.layers);
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(next.notes);
        return new CompressionReport(label + " then " + next.label, all, allNotes, before, next.after);
    }

    /** One line: what was done, counted per action, plus the size/sparsity/MACs change. */
    public String summary() {
        Map<String, Long> counts = layers.stream()
                .collect(Collectors.groupingBy(LayerReport::action, LinkedHashMap::new, Collectors.counting()));
        StringBuilder sb = new StringBuilder(label).append(": ");
        if (counts.isEmpty()) sb.append("no layer changed");
        else sb.append(counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        List<String> skipped = nodes("skipped");
        if (!skipped.isEmpty()) {
            sb.append(" [skipped ").append(String.join(" ", skipped.subList(0, Math.min(8, skipped.size()))))
              .append(skipped.size() > 8 ? " ..." : "").append(']');
        }
        if (before != null && after != null) {
            sb.append(String.format(Locale.ROOT, "; params %d->%d, MACs %d->%d, size %d->%d B, sparsity %.3f->%.3f",
                    before.params(), after.params(), before.macs(), after.macs(), before.sizeBytes(), after.sizeBytes(),
                    before.sparsity(), after.sparsity()));
        }
        for (String n : notes) sb.append("; ").append(n);
        return sb.toString();
    }

    /** Multi-line: the summary, then one line per layer entry. */
    public String details() {
        StringBuilder sb = new StringBuilder(summary());
        for (LayerReport l : layers) sb.append('\n').append("  [").append(l.step()).append("] ").append(l);
        return sb.toString();
    }

    @Override public String toString() { return summary(); }
}
