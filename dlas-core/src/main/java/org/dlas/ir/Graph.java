package org.dlas.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A model: nodes in topological order, starting with one {@link Op.Input}, ending at the output
 * node. Construction validates the graph and infers every node's shape, so a Graph that exists is
 * well formed.
 */
public final class Graph {
    private final String name;
    private final List<Node> nodes;
    private final String output;
    private final Map<String, Shape> shapes;
    private final Map<String, Node> byName;

    public Graph(String name, List<Node> nodes, String output) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.output = output;
        this.byName = new HashMap<>();
        for (Node n : this.nodes) {
            if (byName.put(n.name(), n) != null) throw new IrException("duplicate node name '" + n.name() + "' in " + name);
        }
        if (!byName.containsKey(output)) throw new IrException("output node '" + output + "' not found in " + name);
        this.shapes = Collections.unmodifiableMap(ShapeInference.infer(name, this.nodes));
    }

    /** A graph whose output is its last node. */
    public Graph(String name, List<Node> nodes) {
        this(name, nodes, nodes.get(nodes.size() - 1).name());
    }

    public String name() { return name; }
    public List<Node> nodes() { return nodes; }
    public String output() { return output; }
    public Node node(String nodeName) {
        Node n = byName.get(nodeName);
        if (n == null) throw new IrException("no node '" + nodeName + "' in " + name);
        return n;
    }
    public Shape shape(String nodeName) { return shapes.get(nodeName); }
    public Shape inputShape() { return shapes.get(nodes.get(0).name()); }
    public Shape outputShape() { return shapes.get(output); }

    /** Names of the nodes that read {@code nodeName}. */
    public List<String> consumers(String nodeName) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) if (n.inputs().contains(nodeName)) out.add(n.name());
        return out;
    }

    /** A copy with every node's operator replaced by {@code f(node)} (same names and wiring). */
    public Graph mapOps(java.util.function.Function<Node, Op> f) {
        List<Node> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) out.add(n.withOp(f.apply(n)));
        return new Graph(name, out, output);
    }

    /** Names of the conv/dense layers that compute in fp32 (no int8 parameters), in order. */
    public List<String> fp32MacLayers() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) if ((n.op() instanceof Op.Conv2d || n.op() instanceof Op.Dense) && !n.op().isInt8()) out.add(n.name());
        return out;
    }

    public Graph withName(String newName) { return new Graph(newName, nodes, output); }

    public Graph mapNodes(UnaryOperator<List<Node>> f) {
        return new Graph(name, f.apply(new ArrayList<>(nodes)), output);
    }

    /** Shapes of every node, in order. */
    public Map<String, Shape> shapes() { return new LinkedHashMap<>(shapes); }

    @Override public String toString() { return "Graph(" + name + ", " + nodes.size() + " nodes)"; }
}
