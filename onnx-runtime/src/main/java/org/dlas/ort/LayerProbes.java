package org.dlas.ort;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.onnx.GraphProto;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.ValueInfoProto;
import org.dlas.onnx.TensorProto;

/**
 * Exposes every IR node's activation of a converted model: the exporter names each node's output
 * tensor after the IR node, so adding those tensors as graph outputs lets one ORT run return all of
 * them. Keeping intermediate tensors alive can stop ORT from fusing across them; end-to-end labels
 * are therefore taken from the unprobed model.
 */
final class LayerProbes {
    private LayerProbes() { }

    /** The IR nodes whose activations are compared: every node but the input, in graph order. */
    static List<String> probedNodes(Graph source) {
        List<String> out = new ArrayList<>();
        for (Node n : source.nodes()) if (!(n.op() instanceof Op.Input)) out.add(n.name());
        return out;
    }

    /** The model with each of {@code nodes} also a graph output (float, shape left to ORT). */
    static ModelProto withOutputs(ModelProto model, List<String> nodes) {
        GraphProto g = model.graph();
        Set<String> present = new LinkedHashSet<>();
        for (ValueInfoProto v : g.outputs()) present.add(v.name());
        List<ValueInfoProto> outputs = new ArrayList<>(g.outputs());
        for (String n : nodes) if (present.add(n)) outputs.add(new ValueInfoProto(n, TensorProto.FLOAT, null));
        GraphProto probed = new GraphProto(g.name(), g.nodes(), g.initializers(), g.inputs(), outputs, g.valueInfo());
        return new ModelProto(model.irVersion(), model.opsetImports(), model.producerName(), model.producerVersion(), probed);
    }
}
