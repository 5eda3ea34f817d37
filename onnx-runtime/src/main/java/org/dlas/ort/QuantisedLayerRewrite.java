package org.dlas.ort;

import java.util.List;

import org.dlas.ir.Node;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.NodeProto;

/**
 * A repair of an int8 layer: finds the layer's node, adds its input scale (both forms quantise the
 * input per tensor with it) and replaces the node by the steps the subclass builds.
 */
abstract class QuantisedLayerRewrite implements LayerRepair {
    private final String name;
    private final String description;

    QuantisedLayerRewrite(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override public String name() { return name; }

    @Override public String description() { return description; }

    @Override public boolean appliesTo(Node irNode) { return QuantisedLayer.is(irNode); }

    @Override public final ModelProto apply(ModelProto model, Node irNode) {
        QuantisedLayer q = QuantisedLayer.of(irNode);
        GraphEdit e = new GraphEdit(model);
        NodeProto layer = e.node(q.name());
        String xScale = e.floats(q.name() + ".x_scale", new long[0], new float[] {q.quant().inputScale()});
        e.replace(layer, rewrite(e, layer, q, xScale));
        return e.build();
    }

    /** The nodes that replace {@code layer}, in order; initializers are added to and removed from {@code e}. */
    abstract List<NodeProto> rewrite(GraphEdit e, NodeProto layer, QuantisedLayer q, String xScale);

    static String out(NodeProto n) { return n.outputs().get(0); }
}
