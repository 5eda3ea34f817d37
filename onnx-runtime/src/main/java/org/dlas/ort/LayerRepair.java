package org.dlas.ort;

import org.dlas.ir.Node;
import org.dlas.onnx.ModelProto;

/** A candidate repair of one node of a converted model: an ONNX graph edit informed by the source IR node. */
interface LayerRepair {
    /** A short name for tables, e.g. {@code QDQ}. */
    String name();

    /** What the edit does, for reports. */
    String description();

    boolean appliesTo(Node irNode);

    /** The converted model with the node that {@code irNode} was exported to rewritten. */
    ModelProto apply(ModelProto converted, Node irNode);
}
