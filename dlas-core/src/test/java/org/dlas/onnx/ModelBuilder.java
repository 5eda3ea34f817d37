package org.dlas.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Writes small ONNX models by hand for import tests. */
final class ModelBuilder {
    private final long opset;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> inits = new ArrayList<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    private final Random rnd = new Random(5);

    ModelBuilder(long opset) { this.opset = opset; }

    /** A float input; a String dim is symbolic, a Number fixed. */
    ModelBuilder input(String name, Object... dims) {
        inputs.add(info(name, dims));
        return this;
    }

    ModelBuilder output(String name, Object... dims) {
        outputs.add(info(name, dims));
        return this;
    }

    private static ValueInfoProto info(String name, Object... dims) {
        List<ValueInfoProto.Dim> d = new ArrayList<>();
        for (Object o : dims) d.add(o instanceof String s ? ValueInfoProto.Dim.symbolic(s) : ValueInfoProto.Dim.of(((Number) o).longValue()));
        return new ValueInfoProto(name, TensorProto.FLOAT, d);
    }

    ModelBuilder node(String op, String name, List<String> in, List<String> out, AttributeProto... attrs) {
        nodes.add(new NodeProto(in, out, name, op, List.of(attrs)));
        return this;
    }

    ModelBuilder node(String op, String name, String in, String out, AttributeProto... attrs) {
        return node(op, name, List.of(in), List.of(out), attrs);
    }

    ModelBuilder domainNode(String domain, String op, String name, String in, String out) {
        nodes.add(new NodeProto(List.of(in), List.of(out), name, op, domain, List.of(), ""));
        return this;
    }

    /** A random float initializer. */
    ModelBuilder weight(String name, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian() * 0.5f;
        inits.add(TensorProto.ofFloats(name, dims, v));
        return this;
    }

    ModelBuilder init(TensorProto t) {
        inits.add(t);
        return this;
    }

    ModelProto model() {
        return new ModelProto(7, List.of(new OperatorSetId("", opset)), "test", "", new GraphProto("g", nodes, inits, inputs, outputs, List.of()));
    }

    byte[] bytes() { return ProtoWriter.write(model()); }

    /** Imports through the wire format. */
    org.dlas.ir.Graph load() throws Exception { return load(OnnxImporter.Options.defaults()); }

    org.dlas.ir.Graph load(OnnxImporter.Options options) throws Exception {
        return OnnxImporter.convert(ProtoReader.readModel(bytes()), "g", options);
    }
}
