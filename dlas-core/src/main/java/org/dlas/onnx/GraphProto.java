package org.dlas.onnx;

import java.util.List;

/** ONNX {@code GraphProto}: nodes in topological order, constant tensors, and typed inputs/outputs. */
public record GraphProto(String name, List<NodeProto> nodes, List<TensorProto> initializers,
                         List<ValueInfoProto> inputs, List<ValueInfoProto> outputs,
                         List<ValueInfoProto> valueInfo) {
    public GraphProto {
        name = name == null ? "" : name;
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        valueInfo = List.copyOf(valueInfo);
    }
}
