package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.onnx.proto.Onnx;
import org.junit.jupiter.api.Test;

/** The reader and writer (over the classes generated from onnx.proto) on the forms different ONNX producers write. */
class ProtoTest {
    private interface Body { void write(CodedOutputStream out) throws Exception; }

    private static byte[] encode(Body b) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        b.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    @Test void modelSurvivesWriteAndRead() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", "N", 3, 4, 4).output("y", "N", 3, 4, 4)
                .weight("w", 3, 1, 3, 3)
                .node("Conv", "c", List.of("x", "w"), List.of("y"), AttributeProto.ofInts("pads", 1, 1, 1, 1),
                        AttributeProto.ofInt("group", 3), AttributeProto.ofFloat("f", 0.25f), AttributeProto.ofString("s", "é"),
                        AttributeProto.ofFloats("fs", 1f, -2f));
        ModelProto m = ProtoReader.readModel(b.bytes());
        assertEquals(7, m.irVersion());
        assertEquals(13, m.defaultOpset());
        assertEquals("test", m.producerName());
        GraphProto g = m.graph();
        assertEquals("g", g.name());
        assertEquals("[N, 3, 4, 4]", g.inputs().get(0).shape().toString());
        NodeProto c = g.nodes().get(0);
        assertEquals(List.of("x", "w"), c.inputs());
        assertEquals("[pads=[1, 1, 1, 1], group=3, f=0.25, s=\"é\", fs=[1.0, -2.0]]", c.attributes().toString());
        assertArrayEquals(b.model().graph().initializers().get(0).floats(), g.initializers().get(0).floats());
        assertArrayEquals(new long[] {3, 1, 3, 3}, g.initializers().get(0).dims());
        assertArrayEquals(b.bytes(), ProtoWriter.write(m));
    }

    @Test void unknownFieldsAreSkipped() throws Exception {
        byte[] node = encode(o -> {
            o.writeString(1, "x");
            o.writeString(99, "future string field");
            o.writeString(2, "y");
            o.writeFixed64(98, 42);
            o.writeString(4, "Relu");
            o.writeFixed32(97, 7);
            o.writeInt64(96, 5);
        });
        byte[] graph = encode(o -> {
            o.writeByteArray(1, node);
            o.writeByteArray(15, new byte[] {8, 1}); // sparse_initializer: skipped
            o.writeString(2, "g");
        });
        byte[] model = encode(o -> {
            o.writeInt64(1, 8);
            o.writeByteArray(14, encode(e -> { e.writeString(1, "k"); e.writeString(2, "v"); })); // metadata_props
            o.writeByteArray(7, graph);
            o.writeString(1, "wrong wire type for ir_version: skipped");
        });
        ModelProto m = ProtoReader.readModel(model);
        assertEquals(8, m.irVersion());
        assertEquals("g", m.graph().name());
        assertEquals("Relu", m.graph().nodes().get(0).opType());
        assertEquals(List.of("y"), m.graph().nodes().get(0).outputs());
        assertEquals(1, m.defaultOpset()); // no opset_import
    }

    @Test void packedAndUnpackedRepeatedNumbers() throws Exception {
        // proto2 writers emit attribute ints and dims unpacked, proto3 writers packed
        byte[] packed = encode(o -> {
            o.writeString(1, "pads");
            o.writeTag(8, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            o.writeUInt32NoTag(4);
            for (int i = 0; i < 4; i++) o.writeInt64NoTag(i);
            o.writeInt32(20, AttributeProto.INTS);
        });
        byte[] tensor = encode(o -> {
            o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            o.writeUInt32NoTag(2);
            o.writeInt64NoTag(2);
            o.writeInt64NoTag(3);
            o.writeInt32(2, TensorProto.FLOAT);
            for (int i = 0; i < 6; i++) o.writeFloat(4, i * 0.5f); // unpacked float_data
        });
        byte[] node = encode(o -> {
            o.writeString(4, "Conv");
            o.writeByteArray(5, packed);
            o.writeByteArray(5, encode(a -> { a.writeString(1, "t"); a.writeByteArray(5, tensor); })); // no type field (IR v1)
            o.writeByteArray(5, encode(a -> { a.writeString(1, "i"); a.writeInt64(3, -3); }));
        });
        ModelProto m = ProtoReader.readModel(encode(o -> o.writeByteArray(7, encode(g -> g.writeByteArray(1, node)))));
        NodeProto n = m.graph().nodes().get(0);
        assertArrayEquals(new long[] {0, 1, 2, 3}, n.attribute("pads").orElseThrow().ints());
        AttributeProto t = n.attribute("t").orElseThrow();
        assertEquals(AttributeProto.TENSOR, t.type());
        assertArrayEquals(new long[] {2, 3}, t.t().dims());
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f, 2f, 2.5f}, t.t().floats());
        assertEquals(AttributeProto.INT, n.attribute("i").orElseThrow().type());
        assertEquals(-3, n.attribute("i").orElseThrow().i());
    }

    @Test void tensorEncodings() throws Exception {
        TensorProto raw = TensorProto.ofFloats("r", new long[] {3}, new float[] {1.5f, -0f, Float.NaN});
        TensorProto back = ProtoReader.readTensor(ProtoWriter.write(raw));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.floats()[1]));
        assertTrue(Float.isNaN(back.floats()[2]));
        TensorProto ints = new TensorProto("i", new long[] {2}, TensorProto.INT64, null, null, new long[] {-1, 7}, null, null, false);
        assertArrayEquals(new long[] {-1, 7}, ProtoReader.readTensor(ProtoWriter.write(ints)).longs());
        TensorProto i32 = new TensorProto("i", new long[] {2}, TensorProto.INT32, null, new int[] {-5, 9}, null, null, null, false);
        assertArrayEquals(new float[] {-5f, 9f}, ProtoReader.readTensor(ProtoWriter.write(i32)).floats());
        TensorProto dbl = new TensorProto("d", new long[] {2}, TensorProto.DOUBLE, null, null, null, new double[] {0.25, -4}, null, false);
        assertArrayEquals(new float[] {0.25f, -4f}, ProtoReader.readTensor(ProtoWriter.write(dbl)).floats());
        // float16 1.0, -2.0, 65504, smallest subnormal
        TensorProto half = new TensorProto("h", new long[] {4}, TensorProto.FLOAT16, null, new int[] {0x3c00, 0xc000, 0x7bff, 0x0001}, null, null, null, false);
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, half.floats());
        TensorProto ext = new TensorProto("e", new long[] {2}, TensorProto.FLOAT, null, null, null, null, null, true);
        InvalidInputException external = assertThrows(InvalidInputException.class, ext::floats);
        assertEquals(ErrorKind.UNSUPPORTED, external.kind());
        assertEquals("e", external.location());
        TensorProto shortRaw = new TensorProto("s", new long[] {2}, TensorProto.FLOAT, null, null, null, null, new byte[4], false);
        InvalidInputException tooShort = assertThrows(InvalidInputException.class, shortRaw::floats);
        assertEquals(ErrorKind.BAD_FORMAT, tooShort.kind());
        assertEquals("s", tooShort.location());
    }

    @Test void modelWrittenWithTheGeneratedClassesReads() throws Exception {
        // as another tool writes it: fields dlas has no record for (functions, metadata, sparse
        // initializers, training info) are kept aside by protobuf and do not disturb the rest
        Onnx.TensorProto w = Onnx.TensorProto.newBuilder().setName("w").addDims(2).setDataType(TensorProto.FLOAT)
                .addFloatData(1.5f).addFloatData(-2f).build();
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder().setName("other")
                .addNode(Onnx.NodeProto.newBuilder().addInput("x").addInput("w").addOutput("y").setOpType("Mul")
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("k").setI(4)
                                .setType(Onnx.AttributeProto.AttributeType.INT)))
                .addInitializer(w)
                .addSparseInitializer(Onnx.SparseTensorProto.newBuilder().setValues(w))
                .build();
        byte[] bytes = Onnx.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17))
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1))
                .addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey("k").setValue("v"))
                .addFunctions(Onnx.FunctionProto.newBuilder().setName("f").setDomain("com.example"))
                .addTrainingInfo(Onnx.TrainingInfoProto.getDefaultInstance())
                .build().toByteArray();
        ModelProto m = ProtoReader.readModel(bytes);
        assertEquals(17, m.defaultOpset());
        assertEquals(2, m.opsetImports().size());
        NodeProto mul = m.graph().nodes().get(0);
        assertEquals("Mul node producing 'y'", mul.describe());
        assertEquals(4, mul.attribute("k").orElseThrow().i());
        assertArrayEquals(new float[] {1.5f, -2f}, m.graph().initializers().get(0).floats());
        assertEquals(1, m.graph().initializers().size(), "sparse initializers are not dense ones");
    }

    @Test void notAModel() {
        assertThrows(java.io.IOException.class, () -> ProtoReader.readModel(new byte[] {8, 7}));
        assertThrows(java.io.IOException.class, () -> ProtoReader.readModel("<html>".getBytes()));
    }
}
