package org.dlas.ort;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dlas.onnx.AttributeProto;
import org.dlas.onnx.GraphProto;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.NodeProto;
import org.dlas.onnx.TensorProto;

/** A small editor for an exported ONNX model: fresh names, constants, one node replaced by several. */
final class GraphEdit {
    private final ModelProto model;
    private final List<NodeProto> nodes;
    private final List<TensorProto> inits;
    private final Set<String> used = new HashSet<>();

    GraphEdit(ModelProto model) {
        this.model = model;
        this.nodes = new ArrayList<>(model.graph().nodes());
        this.inits = new ArrayList<>(model.graph().initializers());
        for (TensorProto t : inits) used.add(t.name());
        for (NodeProto n : nodes) {
            used.add(n.name());
            used.addAll(n.outputs());
        }
        for (var v : model.graph().inputs()) used.add(v.name());
    }

    NodeProto node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the converted model has no node '" + name + "'"));
    }

    TensorProto initializer(String name) {
        return inits.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no initializer '" + name + "' (was the layer already rewritten?)"));
    }

    String fresh(String base) {
        String n = base;
        for (int i = 1; used.contains(n); i++) n = base + "_" + i;
        used.add(n);
        return n;
    }

    String floats(String base, long[] dims, float[] values) { return add(TensorProto.ofFloats(fresh(base), dims, values)); }

    String longs(String base, long[] values) { return add(TensorProto.ofLongs(fresh(base), new long[] {values.length}, values)); }

    String int8(String base, long[] dims, byte[] values) {
        return add(new TensorProto(fresh(base), dims.clone(), TensorProto.INT8, null, null, null, null, values.clone(), false));
    }

    String uint8(String base, long[] dims, byte[] values) {
        return add(new TensorProto(fresh(base), dims.clone(), TensorProto.UINT8, null, null, null, null, values.clone(), false));
    }

    String int32(String base, long[] dims, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return add(new TensorProto(fresh(base), dims.clone(), TensorProto.INT32, null, null, null, null, b.array(), false));
    }

    /** A new node with a fresh name and output; returns the output's name. */
    NodeProto op(String base, String opType, List<String> inputs, AttributeProto... attrs) {
        return new NodeProto(inputs, List.of(fresh(base + "/out")), fresh(base), opType, List.of(attrs));
    }

    void removeInitializer(String name) { inits.removeIf(t -> t.name().equals(name)); }

    /** Puts {@code replacement} (in order, the last one producing the old node's output) where {@code old} was. */
    void replace(NodeProto old, List<NodeProto> replacement) {
        int at = nodes.indexOf(old);
        if (at < 0) throw new IllegalArgumentException("node " + old.name() + " is not in the graph");
        nodes.remove(at);
        nodes.addAll(at, replacement);
    }

    ModelProto build() {
        GraphProto g = model.graph();
        GraphProto edited = new GraphProto(g.name(), nodes, inits, g.inputs(), g.outputs(), g.valueInfo());
        return new ModelProto(model.irVersion(), model.opsetImports(), model.producerName(), model.producerVersion(), edited);
    }

    private String add(TensorProto t) {
        inits.add(t);
        return t.name();
    }
}
