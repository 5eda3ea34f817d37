package org.dlas.onnx;

import java.util.List;

/**
 * A model that uses operators outside dlas's IR. Thrown before anything is built; the message
 * names every offending node (operator type and node name) and lists the supported operators.
 */
public class UnsupportedOnnxException extends OnnxImportException {
    private final List<String> operators;
    private final List<String> nodes;

    public UnsupportedOnnxException(List<String> operators, List<String> nodes, List<String> supported) {
        super("the model uses " + nodes.size() + " node(s) with operators dlas does not support: "
                + String.join(", ", nodes) + ". Supported operators: " + String.join(", ", supported));
        this.operators = List.copyOf(operators);
        this.nodes = List.copyOf(nodes);
    }

    /** The distinct unsupported operator types, in order of first use (e.g. "PRelu", "com.microsoft:FusedConv"). */
    public List<String> operators() { return operators; }

    /** One entry per offending node: "OpType (node 'name')". */
    public List<String> nodes() { return nodes; }
}
