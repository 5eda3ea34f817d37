package org.dlas.onnx;

import java.util.List;

import com.google.protobuf.ByteString;
import org.dlas.onnx.proto.Onnx;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Encodes dlas's ONNX records with the classes protoc generates from onnx.proto ({@link Onnx}).
 * Optional fields that hold their default are left unset as before (an empty name or domain, an
 * IR version of 0), so files written by earlier versions of dlas come out byte for byte the same.
 */
public final class ProtoWriter {
    private ProtoWriter() { }

    public static byte[] write(ModelProto m) {
        return model(m).toByteArray();
    }

    public static byte[] write(TensorProto t) {
        return tensor(t).toByteArray();
    }

    private static Onnx.ModelProto model(ModelProto m) {
        Onnx.ModelProto.Builder b = Onnx.ModelProto.newBuilder();
        if (m.irVersion() != 0) b.setIrVersion(m.irVersion());
        if (!m.producerName().isEmpty()) b.setProducerName(m.producerName());
        if (!m.producerVersion().isEmpty()) b.setProducerVersion(m.producerVersion());
        b.setGraph(graph(m.graph()));
        for (OperatorSetId o : m.opsetImports()) {
            Onnx.OperatorSetIdProto.Builder opset = Onnx.OperatorSetIdProto.newBuilder().setVersion(o.version());
            if (!o.domain().isEmpty()) opset.setDomain(o.domain());
            b.addOpsetImport(opset);
        }
        return b.build();
    }

    private static Onnx.GraphProto graph(GraphProto g) {
        Onnx.GraphProto.Builder b = Onnx.GraphProto.newBuilder();
        for (NodeProto n : g.nodes()) b.addNode(node(n));
        if (!g.name().isEmpty()) b.setName(g.name());
        for (TensorProto t : g.initializers()) b.addInitializer(tensor(t));
        for (ValueInfoProto v : g.inputs()) b.addInput(valueInfo(v));
        for (ValueInfoProto v : g.outputs()) b.addOutput(valueInfo(v));
        for (ValueInfoProto v : g.valueInfo()) b.addValueInfo(valueInfo(v));
        return b.build();
    }

    private static Onnx.NodeProto node(NodeProto n) {
        Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().addAllInput(n.inputs()).addAllOutput(n.outputs())
                .setOpType(n.opType());
        if (!n.name().isEmpty()) b.setName(n.name());
        for (AttributeProto a : n.attributes()) b.addAttribute(attribute(a));
        if (!n.docString().isEmpty()) b.setDocString(n.docString());
        if (!n.domain().isEmpty()) b.setDomain(n.domain());
        return b.build();
    }

    private static Onnx.AttributeProto attribute(AttributeProto a) {
        Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(a.name());
        switch (a.type()) {
            case AttributeProto.FLOAT -> b.setF(a.f());
            case AttributeProto.INT -> b.setI(a.i());
            case AttributeProto.STRING -> b.setS(ByteString.copyFrom(a.s()));
            case AttributeProto.TENSOR -> b.setT(tensor(a.t()));
            case AttributeProto.FLOATS -> { for (float v : a.floats()) b.addFloats(v); }
            case AttributeProto.INTS -> { for (long v : a.ints()) b.addInts(v); }
            case AttributeProto.GRAPH -> { if (a.g() != null) b.setG(graph(a.g())); }
            case AttributeProto.GRAPHS -> { for (GraphProto g : a.graphs()) b.addGraphs(graph(g)); }
            default -> throw new InvalidInputException(ErrorKind.UNSUPPORTED, "cannot write attribute '" + a.name() + "' of " + a.typeName()).at(a.name());
        }
        return b.setType(Onnx.AttributeProto.AttributeType.forNumber(a.type())).build();
    }

    private static Onnx.TensorProto tensor(TensorProto t) {
        Onnx.TensorProto.Builder b = Onnx.TensorProto.newBuilder().setDataType(t.dataType());
        for (long d : t.dims()) b.addDims(d);
        for (float v : t.floatData()) b.addFloatData(v);
        for (int v : t.int32Data()) b.addInt32Data(v);
        for (long v : t.int64Data()) b.addInt64Data(v);
        if (!t.name().isEmpty()) b.setName(t.name());
        if (t.rawData() != null) b.setRawData(ByteString.copyFrom(t.rawData()));
        for (double v : t.doubleData()) b.addDoubleData(v);
        return b.build();
    }

    private static Onnx.ValueInfoProto valueInfo(ValueInfoProto v) {
        Onnx.TypeProto.Tensor.Builder tensorType = Onnx.TypeProto.Tensor.newBuilder().setElemType(v.elemType());
        if (v.shape() != null) tensorType.setShape(shape(v.shape()));
        return Onnx.ValueInfoProto.newBuilder().setName(v.name())
                .setType(Onnx.TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    private static Onnx.TensorShapeProto shape(List<ValueInfoProto.Dim> dims) {
        Onnx.TensorShapeProto.Builder b = Onnx.TensorShapeProto.newBuilder();
        for (ValueInfoProto.Dim d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = b.addDimBuilder();
            if (d.param() != null) dim.setDimParam(d.param());
            else if (d.value() >= 0) dim.setDimValue(d.value());
        }
        return b.build();
    }
}
