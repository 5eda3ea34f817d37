package org.dlas.onnx;

/** ONNX {@code OperatorSetIdProto}: an operator set (domain "" is the default ai.onnx set) and its version. */
public record OperatorSetId(String domain, long version) {
    public OperatorSetId {
        domain = domain == null ? "" : domain;
    }

    /** Whether this is the default operator set ("" or "ai.onnx"). */
    public boolean isDefaultDomain() { return domain.isEmpty() || domain.equals("ai.onnx"); }
}
