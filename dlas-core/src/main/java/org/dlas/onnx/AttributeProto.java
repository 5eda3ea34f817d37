package org.dlas.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX {@code AttributeProto}: one of a float, an int, a string, a tensor, a graph (the body of an
 * If or Loop), or lists of floats, ints or graphs. {@code type} holds the ONNX AttributeType code;
 * other kinds (strings, tensors, sparse tensors) are recorded by type only (their content is skipped).
 */
public record AttributeProto(String name, int type, float f, long i, byte[] s, TensorProto t,
                             float[] floats, long[] ints, GraphProto g, List<GraphProto> graphs) {
    public static final int FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, GRAPH = 5, FLOATS = 6, INTS = 7,
            STRINGS = 8, TENSORS = 9, GRAPHS = 10, SPARSE_TENSOR = 11;

    public AttributeProto {
        floats = floats == null ? new float[0] : floats;
        ints = ints == null ? new long[0] : ints;
        graphs = graphs == null ? List.of() : List.copyOf(graphs);
    }

    /** An attribute that holds no graph. */
    public AttributeProto(String name, int type, float f, long i, byte[] s, TensorProto t, float[] floats, long[] ints) {
        this(name, type, f, i, s, t, floats, ints, null, null);
    }

    public static AttributeProto ofFloat(String name, float v) { return new AttributeProto(name, FLOAT, v, 0, null, null, null, null); }
    public static AttributeProto ofInt(String name, long v) { return new AttributeProto(name, INT, 0, v, null, null, null, null); }
    public static AttributeProto ofString(String name, String v) {
        return new AttributeProto(name, STRING, 0, 0, v.getBytes(StandardCharsets.UTF_8), null, null, null);
    }
    public static AttributeProto ofInts(String name, long... v) { return new AttributeProto(name, INTS, 0, 0, null, null, null, v.clone()); }
    public static AttributeProto ofFloats(String name, float... v) { return new AttributeProto(name, FLOATS, 0, 0, null, null, v.clone(), null); }
    public static AttributeProto ofTensor(String name, TensorProto t) { return new AttributeProto(name, TENSOR, 0, 0, null, t, null, null); }
    public static AttributeProto ofGraph(String name, GraphProto g) { return new AttributeProto(name, GRAPH, 0, 0, null, null, null, null, g, null); }

    /** The string value (UTF-8). */
    public String string() { return s == null ? "" : new String(s, StandardCharsets.UTF_8); }

    public String typeName() {
        return switch (type) {
            case FLOAT -> "float"; case INT -> "int"; case STRING -> "string"; case TENSOR -> "tensor";
            case GRAPH -> "graph"; case FLOATS -> "floats"; case INTS -> "ints"; case STRINGS -> "strings";
            case TENSORS -> "tensors"; case GRAPHS -> "graphs"; case SPARSE_TENSOR -> "sparse tensor";
            default -> "type " + type;
        };
    }

    @Override public String toString() {
        String v = switch (type) {
            case FLOAT -> Float.toString(f); case INT -> Long.toString(i); case STRING -> '"' + string() + '"';
            case FLOATS -> Arrays.toString(floats); case INTS -> Arrays.toString(ints);
            case TENSOR -> String.valueOf(t); default -> typeName();
        };
        return name + "=" + v;
    }
}
