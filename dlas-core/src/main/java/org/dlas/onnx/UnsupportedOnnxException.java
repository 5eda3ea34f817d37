package org.dlas.onnx;

import java.util.List;

/**
 * A model that uses operators outside dlas's IR. Thrown before anything is built; the message
 * names every offending node (operator type and node name) and lists the supported operators.
 */
public class UnsupportedOnnxException extends OnnxImportException {
    private final List<String> operators;
    private final List<String> nodes;

    /** The nodes at most listed per operator in the message. */
    private static final int SHOWN = 3;

    public UnsupportedOnnxException(List<String> operators, List<String> nodes, long opset, List<String> supported) {
        super(message(operators, nodes, opset, supported));
        this.operators = List.copyOf(operators);
        this.nodes = List.copyOf(nodes);
    }

    /** One line per distinct operator, naming its opset and (some of) its nodes. */
    private static String message(List<String> operators, List<String> nodes, long opset, List<String> supported) {
        StringBuilder b = new StringBuilder("the model uses " + nodes.size() + " node(s) with " + operators.size()
                + " operator(s) dlas does not support:");
        for (String op : operators) {
            List<String> of = nodes.stream().filter(n -> n.startsWith(op + " (")).map(n -> n.substring(op.length() + 2, n.length() - 1)).toList();
            b.append("\n  ").append(op).append(op.contains(":") ? "" : " (opset " + opset + ")").append(": ")
                    .append(String.join(", ", of.subList(0, Math.min(SHOWN, of.size()))));
            if (of.size() > SHOWN) b.append(" and ").append(of.size() - SHOWN).append(" more");
        }
        return b.append("\nSupported operators: ").append(String.join(", ", supported)).toString();
    }

    /** The distinct unsupported operator types, in order of first use (e.g. "PRelu", "com.microsoft:FusedConv"). */
    public List<String> operators() { return operators; }

    /** One entry per offending node: "OpType (node 'name')". */
    public List<String> nodes() { return nodes; }
}
