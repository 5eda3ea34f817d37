package org.dlas.onnx;

import java.util.List;

/**
 * ONNX {@code ValueInfoProto} of a tensor: its name, element type ({@link TensorProto} data type
 * codes) and shape, or a null shape when the file gives none.
 */
public record ValueInfoProto(String name, int elemType, List<Dim> shape) {
    public ValueInfoProto {
        shape = shape == null ? null : List.copyOf(shape);
    }

    /** One dimension: a fixed size, a symbolic name ({@code param}), or neither (unknown). */
    public record Dim(long value, String param) {
        public static Dim of(long value) { return new Dim(value, null); }
        public static Dim symbolic(String param) { return new Dim(-1, param); }
        public boolean known() { return param == null && value >= 0; }
        @Override public String toString() { return known() ? Long.toString(value) : param != null ? param : "?"; }
    }
}
