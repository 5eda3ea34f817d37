package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.ir.IrException;
import org.dlas.ir.Node;

/** Structural edits the graph-stage repairs need: restore a node, drop one, rewire one. */
final class StructureEdits {
    private StructureEdits() { }

    /**
     * Adds the source's node {@code restored} (same name, operator and inputs) to {@code g} and makes
     * the nodes listed in {@code readers} read it in place of {@code replacedInput}; the output
     * moves to it when it was the source's output.
     */
    static Graph restore(Graph g, Node restored, List<String> readers, String replacedInput, boolean isOutput) {
        for (String in : restored.inputs()) g.node(in); // throws when an input is still missing
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!readers.contains(n.name())) { nodes.add(n); continue; }
            List<String> ins = new ArrayList<>();
            for (String in : n.inputs()) ins.add(in.equals(replacedInput) ? restored.name() : in);
            nodes.add(new Node(n.name(), n.op(), ins));
        }
        nodes.add(restored);
        return new Graph(g.name(), topological(nodes), isOutput ? restored.name() : g.output());
    }

    /** Removes single-input node {@code name}; its readers read its input. */
    static Graph remove(Graph g, String name) {
        Node victim = g.node(name);
        if (victim.inputs().size() != 1) throw new IrException("cannot drop '" + name + "' with " + victim.inputs().size() + " inputs");
        return org.dlas.robust.mutation.Edits.remove(g, name);
    }

    /** Node {@code name} reads {@code inputs}; the node list is re-sorted so that it stays topological. */
    static Graph rewire(Graph g, String name, List<String> inputs) {
        return rewire(g, Map.of(name, inputs));
    }

    /** Every node named in {@code inputsByNode} reads the inputs given there, all at once; the nodes are re-sorted topologically. */
    static Graph rewire(Graph g, Map<String, List<String>> inputsByNode) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) nodes.add(inputsByNode.containsKey(n.name()) ? new Node(n.name(), n.op(), inputsByNode.get(n.name())) : n);
        return new Graph(g.name(), topological(nodes), g.output());
    }

    /** The nodes in an order where every node follows its inputs, keeping the given order where it can. */
    static List<Node> topological(List<Node> nodes) {
        Map<String, Node> pending = new LinkedHashMap<>();
        for (Node n : nodes) pending.put(n.name(), n);
        Set<String> done = new HashSet<>();
        List<Node> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Node next = null;
            for (Node n : pending.values()) {
                if (done.containsAll(n.inputs())) { next = n; break; }
            }
            if (next == null) throw new IrException("the graph has a cycle or reads a missing node among " + pending.keySet());
            out.add(next);
            done.add(next.name());
            pending.remove(next.name());
        }
        return out;
    }
}
