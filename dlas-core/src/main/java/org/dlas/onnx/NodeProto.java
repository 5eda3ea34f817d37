package org.dlas.onnx;

import java.util.List;
import java.util.Optional;

/**
 * ONNX {@code NodeProto}. An empty string in {@code inputs} marks an omitted optional input.
 * {@code docString} is free text; the exporter uses it to mark nodes it inserted.
 */
public record NodeProto(List<String> inputs, List<String> outputs, String name, String opType, String domain,
                        List<AttributeProto> attributes, String docString) {
    public NodeProto {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        name = name == null ? "" : name;
        domain = domain == null ? "" : domain;
        attributes = List.copyOf(attributes);
        docString = docString == null ? "" : docString;
    }

    public NodeProto(List<String> inputs, List<String> outputs, String name, String opType, List<AttributeProto> attributes) {
        this(inputs, outputs, name, opType, "", attributes, "");
    }

    public Optional<AttributeProto> attribute(String attrName) {
        for (AttributeProto a : attributes) if (a.name().equals(attrName)) return Optional.of(a);
        return Optional.empty();
    }

    /** The i-th input, or "" when it is absent or omitted. */
    public String input(int i) { return i < inputs.size() ? inputs.get(i) : ""; }

    /** Whether the node is in the default operator set ("" or "ai.onnx"). */
    public boolean isDefaultDomain() { return domain.isEmpty() || domain.equals("ai.onnx"); }

    /** "Conv node 'name'", or "Conv node producing 'y'" for an unnamed node, for messages. */
    public String describe() {
        if (!name.isEmpty()) return opType + " node '" + name + "'";
        return opType + " node producing '" + String.join("', '", outputs) + "'";
    }
}
