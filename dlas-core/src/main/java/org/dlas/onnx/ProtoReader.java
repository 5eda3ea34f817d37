package org.dlas.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import org.dlas.onnx.proto.Onnx;

/**
 * Parses ONNX files with the classes protoc generates from onnx.proto ({@link Onnx}) and turns the
 * subset dlas uses into its records. protobuf-java skips unknown fields and fields with an unexpected
 * wire type, and accepts repeated numbers packed or unpacked, as proto2 and proto3 writers differ.
 */
public final class ProtoReader {
    /**
     * The deepest nesting of graph attributes read (an If inside a Loop body is depth 2). Exporters
     * write a few levels; deeper is a broken or hostile file, refused before anything recurses on it.
     */
    public static final int MAX_GRAPH_DEPTH = 16;

    private ProtoReader() { }

    public static ModelProto readModel(byte[] bytes) throws IOException {
        Onnx.ModelProto m = parse(Onnx.ModelProto.parser(), bytes);
        if (!m.hasGraph()) throw new InvalidProtocolBufferException("not an ONNX model: no graph (field 7) in the ModelProto");
        List<OperatorSetId> opsets = new ArrayList<>(m.getOpsetImportCount());
        for (Onnx.OperatorSetIdProto o : m.getOpsetImportList()) opsets.add(new OperatorSetId(o.getDomain(), o.getVersion()));
        return new ModelProto(m.getIrVersion(), opsets, m.getProducerName(), m.getProducerVersion(), graph(m.getGraph(), 0));
    }

    public static TensorProto readTensor(byte[] bytes) throws IOException {
        return tensor(parse(Onnx.TensorProto.parser(), bytes));
    }

    /**
     * A stream whose bytes fields share the file's array instead of copying it (weights are copied once,
     * into the records), and which refuses trailing bytes that end no message (an end-group tag).
     */
    private static <T> T parse(Parser<T> parser, byte[] bytes) throws InvalidProtocolBufferException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true);
        T message = parser.parseFrom(in);
        in.checkLastTagWas(0);
        return message;
    }

    private static GraphProto graph(Onnx.GraphProto g, int depth) {
        if (depth > MAX_GRAPH_DEPTH) {
            throw new OnnxImportException("graph attributes (If/Loop bodies) are nested deeper than " + MAX_GRAPH_DEPTH
                    + " levels; dlas reads at most " + MAX_GRAPH_DEPTH);
        }
        List<NodeProto> nodes = new ArrayList<>(g.getNodeCount());
        for (Onnx.NodeProto n : g.getNodeList()) nodes.add(node(n, depth));
        List<TensorProto> inits = new ArrayList<>(g.getInitializerCount());
        for (Onnx.TensorProto t : g.getInitializerList()) inits.add(tensor(t));
        return new GraphProto(g.getName(), nodes, inits, valueInfos(g.getInputList()), valueInfos(g.getOutputList()),
                valueInfos(g.getValueInfoList()));
    }

    private static NodeProto node(Onnx.NodeProto n, int depth) {
        List<AttributeProto> attrs = new ArrayList<>(n.getAttributeCount());
        for (Onnx.AttributeProto a : n.getAttributeList()) attrs.add(attribute(a, depth));
        return new NodeProto(n.getInputList(), n.getOutputList(), n.getName(), n.getOpType(), n.getDomain(), attrs,
                n.getDocString());
    }

    /** An attribute; graph-valued ones (If/Loop bodies) are read at {@code depth + 1}. */
    private static AttributeProto attribute(Onnx.AttributeProto a, int depth) {
        float[] floats = new float[a.getFloatsCount()];
        for (int k = 0; k < floats.length; k++) floats[k] = a.getFloats(k);
        long[] ints = new long[a.getIntsCount()];
        for (int k = 0; k < ints.length; k++) ints[k] = a.getInts(k);
        return new AttributeProto(a.getName(), attributeType(a), a.getF(), a.getI(),
                a.hasS() ? a.getS().toByteArray() : null, a.hasT() ? tensor(a.getT()) : null, floats, ints,
                a.hasG() ? graph(a.getG(), depth + 1) : null, graphs(a.getGraphsList(), depth + 1));
    }

    private static List<GraphProto> graphs(List<Onnx.GraphProto> gs, int depth) {
        List<GraphProto> out = new ArrayList<>(gs.size());
        for (Onnx.GraphProto g : gs) out.add(graph(g, depth));
        return out;
    }

    /** The declared type, or for IR version 1 files (which have no type field) the one the present field implies. */
    private static int attributeType(Onnx.AttributeProto a) {
        if (a.hasType() && a.getType() != Onnx.AttributeProto.AttributeType.UNDEFINED) return a.getType().getNumber();
        if (a.hasT()) return AttributeProto.TENSOR;
        if (a.hasG()) return AttributeProto.GRAPH;
        if (a.hasS()) return AttributeProto.STRING;
        if (a.getFloatsCount() > 0) return AttributeProto.FLOATS;
        if (a.getIntsCount() > 0) return AttributeProto.INTS;
        if (a.getStringsCount() > 0) return AttributeProto.STRINGS;
        if (a.hasF()) return AttributeProto.FLOAT;
        if (a.hasI()) return AttributeProto.INT;
        return 0;
    }

    private static TensorProto tensor(Onnx.TensorProto t) {
        long[] dims = new long[t.getDimsCount()];
        for (int k = 0; k < dims.length; k++) dims[k] = t.getDims(k);
        float[] floats = new float[t.getFloatDataCount()];
        for (int k = 0; k < floats.length; k++) floats[k] = t.getFloatData(k);
        int[] int32 = new int[t.getInt32DataCount()];
        for (int k = 0; k < int32.length; k++) int32[k] = t.getInt32Data(k);
        long[] int64 = new long[t.getInt64DataCount()];
        for (int k = 0; k < int64.length; k++) int64[k] = t.getInt64Data(k);
        double[] doubles = new double[t.getDoubleDataCount()];
        for (int k = 0; k < doubles.length; k++) doubles[k] = t.getDoubleData(k);
        boolean external = t.getExternalDataCount() > 0 || t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL;
        return new TensorProto(t.getName(), dims, t.getDataType(), floats, int32, int64, doubles,
                t.hasRawData() ? t.getRawData().toByteArray() : null, external);
    }

    private static List<ValueInfoProto> valueInfos(List<Onnx.ValueInfoProto> infos) {
        List<ValueInfoProto> out = new ArrayList<>(infos.size());
        for (Onnx.ValueInfoProto v : infos) {
            Onnx.TypeProto.Tensor tensorType = v.getType().getTensorType();
            out.add(new ValueInfoProto(v.getName(), tensorType.getElemType(), tensorType.hasShape() ? shape(tensorType.getShape()) : null));
        }
        return out;
    }

    private static List<ValueInfoProto.Dim> shape(Onnx.TensorShapeProto s) {
        List<ValueInfoProto.Dim> dims = new ArrayList<>(s.getDimCount());
        for (Onnx.TensorShapeProto.Dimension d : s.getDimList()) {
            dims.add(switch (d.getValueCase()) {
                case DIM_VALUE -> ValueInfoProto.Dim.of(d.getDimValue());
                case DIM_PARAM -> ValueInfoProto.Dim.symbolic(d.getDimParam());
                default -> new ValueInfoProto.Dim(-1, null);
            });
        }
        return dims;
    }
}
