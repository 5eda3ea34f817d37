package org.dlas.onnx;

import java.util.List;

/** ONNX {@code ModelProto}, the subset dlas reads and writes. */
public record ModelProto(long irVersion, List<OperatorSetId> opsetImports, String producerName,
                         String producerVersion, GraphProto graph) {
    public ModelProto {
        opsetImports = List.copyOf(opsetImports);
        producerName = producerName == null ? "" : producerName;
        producerVersion = producerVersion == null ? "" : producerVersion;
    }

    /**
     * Version of the default (ai.onnx) operator set; ONNX treats a model that imports none as
     * opset 1.
     */
    public long defaultOpset() {
        long v = -1;
        for (OperatorSetId o : opsetImports) if (o.isDefaultDomain()) v = Math.max(v, o.version());
        return v < 0 ? 1 : v;
    }
}
