package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.robust.mutation.Edits;

/**
 * Graph and input stage: nodes are matched by name and operator kind. A source node the converted
 * model lacks is missing; a converted node the source lacks is extra (an input transform when it
 * reads the graph input directly and keeps its shape); a node of another kind is replaced; a
 * matched node whose inputs differ, once missing and extra nodes are looked through, is rewired;
 * two nodes that run in swapped order are one reordered finding.
 */
final class StructureComparison {
    private final Graph source, converted;

    StructureComparison(Graph source, Graph converted) {
        this.source = source;
        this.converted = converted;
    }

    List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (Node n : converted.nodes()) if (!has(source, n.name())) out.add(extra(n));
        for (Node n : source.nodes()) {
            if (!has(converted, n.name())) out.add(missing(n));
            else if (!converted.node(n.name()).op().kind().equals(n.op().kind())) out.add(replaced(n));
        }
        Map<String, List<String>> rewired = new LinkedHashMap<>();
        for (Node n : source.nodes()) {
            if (!matched(n.name())) continue;
            List<String> want = n.inputs().stream().map(this::throughMissing).toList();
            List<String> got = converted.node(n.name()).inputs().stream().map(this::throughExtra).toList();
            if (!want.equals(got)) rewired.put(n.name(), got);
        }
        out.addAll(swaps(rewired));
        for (var e : rewired.entrySet()) out.add(rewired(source.node(e.getKey()), e.getValue()));
        return out;
    }

    /**
     * Pairs of source nodes a -> b that the converted model runs as b -> a (a reads b), each as one
     * finding at a whose fix restores the source inputs of a, b and of b's source readers together.
     * The rewirings a swap explains are taken out of {@code rewired}.
     */
    private List<Finding> swaps(Map<String, List<String>> rewired) {
        List<Finding> out = new ArrayList<>();
        for (String a : List.copyOf(rewired.keySet())) {
            if (!rewired.containsKey(a)) continue;
            for (String b : rewired.get(a)) {
                if (!rewired.containsKey(b) || !source.node(b).inputs().contains(a)) continue;
                Map<String, List<String>> restore = new LinkedHashMap<>();
                restore.put(a, source.node(a).inputs());
                restore.put(b, source.node(b).inputs());
                for (String reader : source.consumers(b)) if (rewired.containsKey(reader)) restore.put(reader, source.node(reader).inputs());
                restore.keySet().forEach(rewired::remove);
                out.add(new Finding(Stage.GRAPH, a, "reordered: the converted model runs '" + b + "' before '" + a + "' (the source runs '" + a
                        + "' then '" + b + "'); rewired: " + restore.keySet(), GraphFix.of("put '" + a + "' back before '" + b + "'",
                        g -> StructureEdits.rewire(g, restore))));
                break;
            }
        }
        return out;
    }

    /** A source node and the operator of its counterpart in the converted graph. */
    record MatchedNode(Node source, Op converted) {
        String name() { return source.name(); }
    }

    /** The source nodes that have a counterpart (same name and operator kind), in source order. */
    List<MatchedNode> matchedNodes() {
        List<MatchedNode> out = new ArrayList<>();
        for (Node n : source.nodes()) if (matched(n.name())) out.add(new MatchedNode(n, converted.node(n.name()).op()));
        return out;
    }

    boolean matched(String name) {
        return has(source, name) && has(converted, name) && source.node(name).op().kind().equals(converted.node(name).op().kind());
    }

    private Finding extra(Node n) {
        boolean readsInput = n.inputs().size() == 1 && n.inputs().get(0).equals(converted.nodes().get(0).name());
        boolean keepsShape = n.inputs().size() == 1 && converted.shape(n.name()).equals(converted.shape(n.inputs().get(0)));
        GraphFix drop = keepsShape ? GraphFix.of("remove '" + n.name() + "'", g -> StructureEdits.remove(g, n.name())) : null;
        if (readsInput && keepsShape) {
            return new Finding(Stage.INPUT, n.name(), "extra " + describe(n.op()) + " between the input and the first layer",
                    drop == null ? null : GraphFix.of("undo the input transform: remove '" + n.name() + "'", drop::apply));
        }
        return new Finding(Stage.GRAPH, n.name(), "extra " + n.op().kind() + " node (not in the source), reading " + n.inputs(), drop);
    }

    private Finding missing(Node n) {
        List<String> readers = source.consumers(n.name());
        String evidence = "source " + n.op().kind() + " node missing (reads " + n.inputs() + ", read by " + readers + ")";
        return new Finding(Stage.GRAPH, n.name(), evidence, GraphFix.of("restore " + n.op().kind() + " '" + n.name() + "' between "
                + n.inputs() + " and " + readers, g -> restore(g, n, readers)));
    }

    private Graph restore(Graph g, Node n, List<String> readers) {
        List<String> present = readers.stream().filter(r -> has(g, r)).toList();
        Graph out = StructureEdits.restore(g, n, present, n.inputs().size() == 1 ? throughMissingIn(g, n.inputs().get(0)) : null,
                source.output().equals(n.name()));
        return out;
    }

    /** The node that stands in for {@code name} in {@code g}: name itself, or its source input chain down to a node g has. */
    private String throughMissingIn(Graph g, String name) {
        String x = name;
        while (!has(g, x) && source.node(x).inputs().size() == 1) x = source.node(x).inputs().get(0);
        return x;
    }

    private Finding replaced(Node n) {
        Op was = n.op(), now = converted.node(n.name()).op();
        return new Finding(Stage.GRAPH, n.name(), "operator " + now.kind() + " where the source has " + was.kind(),
                GraphFix.of("restore the source " + was.kind() + " at '" + n.name() + "'", g -> Edits.replaceOp(g, n.name(), was)));
    }

    private Finding rewired(Node n, List<String> got) {
        return new Finding(Stage.GRAPH, n.name(), "reads " + got + " where the source reads " + n.inputs() + " (reordered or rewired)",
                GraphFix.of("rewire '" + n.name() + "' to read " + n.inputs(), g -> StructureEdits.rewire(g, n.name(), n.inputs())));
    }

    private String throughMissing(String name) { return throughMissingIn(converted, name); }

    private String throughExtra(String name) {
        String x = name;
        while (!has(source, x) && converted.node(x).inputs().size() == 1) x = converted.node(x).inputs().get(0);
        return x;
    }

    private static boolean has(Graph g, String name) {
        for (Node n : g.nodes()) if (n.name().equals(name)) return true;
        return false;
    }

    /** "BatchNorm y = 2.83 x - 0.81" for a uniform affine BatchNorm; otherwise the operator kind. */
    static String describe(Op op) {
        if (op instanceof Op.BatchNorm bn && uniform(bn.gamma()) && uniform(bn.beta()) && uniform(bn.mean()) && uniform(bn.var())) {
            double scale = bn.gamma()[0] / Math.sqrt(bn.var()[0] + bn.eps());
            double shift = bn.beta()[0] - scale * bn.mean()[0];
            return String.format(Locale.ROOT, "scale and shift y = %.4g x %+.4g (a BatchNorm)", scale, shift);
        }
        return op.kind() + " node";
    }

    private static boolean uniform(float[] a) {
        for (float v : a) if (v != a[0]) return false;
        return true;
    }
}
