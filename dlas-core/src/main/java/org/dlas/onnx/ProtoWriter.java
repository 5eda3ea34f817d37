package org.dlas.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.google.protobuf.CodedOutputStream;

/**
 * Encodes the onnx.proto subset of {@link ProtoReader} in protobuf wire format with
 * {@link CodedOutputStream}. Each sub-message is encoded into its own buffer first so its length
 * prefix is known. Field numbers are those of onnx.proto; repeated ints/floats in attributes and
 * tensor dims are written unpacked (as onnx.proto's proto2 declaration does), float_data packed.
 */
public final class ProtoWriter {
    private ProtoWriter() { }

    public static byte[] write(ModelProto m) {
        return encode(out -> {
            if (m.irVersion() != 0) out.writeInt64(1, m.irVersion());
            if (!m.producerName().isEmpty()) out.writeString(2, m.producerName());
            if (!m.producerVersion().isEmpty()) out.writeString(3, m.producerVersion());
            out.writeByteArray(7, write(m.graph()));
            for (OperatorSetId o : m.opsetImports()) {
                out.writeByteArray(8, encode(o2 -> {
                    if (!o.domain().isEmpty()) o2.writeString(1, o.domain());
                    o2.writeInt64(2, o.version());
                }));
            }
        });
    }

    public static byte[] write(GraphProto g) {
        return encode(out -> {
            for (NodeProto n : g.nodes()) out.writeByteArray(1, write(n));
            if (!g.name().isEmpty()) out.writeString(2, g.name());
            for (TensorProto t : g.initializers()) out.writeByteArray(5, write(t));
            writeInfos(out, 11, g.inputs());
            writeInfos(out, 12, g.outputs());
            writeInfos(out, 13, g.valueInfo());
        });
    }

    public static byte[] write(NodeProto n) {
        return encode(out -> {
            for (String s : n.inputs()) out.writeString(1, s);
            for (String s : n.outputs()) out.writeString(2, s);
            if (!n.name().isEmpty()) out.writeString(3, n.name());
            out.writeString(4, n.opType());
            for (AttributeProto a : n.attributes()) out.writeByteArray(5, write(a));
            if (!n.docString().isEmpty()) out.writeString(6, n.docString());
            if (!n.domain().isEmpty()) out.writeString(7, n.domain());
        });
    }

    public static byte[] write(AttributeProto a) {
        return encode(out -> {
            out.writeString(1, a.name());
            switch (a.type()) {
                case AttributeProto.FLOAT -> out.writeFloat(2, a.f());
                case AttributeProto.INT -> out.writeInt64(3, a.i());
                case AttributeProto.STRING -> out.writeByteArray(4, a.s());
                case AttributeProto.TENSOR -> out.writeByteArray(5, write(a.t()));
                case AttributeProto.FLOATS -> { for (float v : a.floats()) out.writeFloat(7, v); }
                case AttributeProto.INTS -> { for (long v : a.ints()) out.writeInt64(8, v); }
                default -> throw new IllegalArgumentException("cannot write attribute '" + a.name() + "' of " + a.typeName());
            }
            out.writeInt32(20, a.type());
        });
    }

    public static byte[] write(TensorProto t) {
        return encode(out -> {
            for (long d : t.dims()) out.writeInt64(1, d);
            out.writeInt32(2, t.dataType());
            if (t.floatData().length > 0) {
                out.writeTag(4, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(4 * t.floatData().length);
                for (float v : t.floatData()) out.writeFloatNoTag(v);
            }
            if (t.int32Data().length > 0) {
                int size = 0;
                for (int v : t.int32Data()) size += CodedOutputStream.computeInt32SizeNoTag(v);
                out.writeTag(5, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(size);
                for (int v : t.int32Data()) out.writeInt32NoTag(v);
            }
            if (t.int64Data().length > 0) {
                int size = 0;
                for (long v : t.int64Data()) size += CodedOutputStream.computeInt64SizeNoTag(v);
                out.writeTag(7, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(size);
                for (long v : t.int64Data()) out.writeInt64NoTag(v);
            }
            if (!t.name().isEmpty()) out.writeString(8, t.name());
            if (t.rawData() != null) out.writeByteArray(9, t.rawData());
            if (t.doubleData().length > 0) {
                out.writeTag(10, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(8 * t.doubleData().length);
                for (double v : t.doubleData()) out.writeDoubleNoTag(v);
            }
        });
    }

    public static byte[] write(ValueInfoProto v) {
        return encode(out -> {
            out.writeString(1, v.name());
            byte[] tensorType = encode(tt -> {
                tt.writeInt32(1, v.elemType());
                if (v.shape() != null) {
                    tt.writeByteArray(2, encode(sh -> {
                        for (ValueInfoProto.Dim d : v.shape()) {
                            sh.writeByteArray(1, encode(dim -> {
                                if (d.param() != null) dim.writeString(2, d.param());
                                else if (d.value() >= 0) dim.writeInt64(1, d.value());
                            }));
                        }
                    }));
                }
            });
            out.writeByteArray(2, encode(type -> type.writeByteArray(1, tensorType)));
        });
    }

    private static void writeInfos(CodedOutputStream out, int field, List<ValueInfoProto> infos) throws IOException {
        for (ValueInfoProto v : infos) out.writeByteArray(field, write(v));
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] encode(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
