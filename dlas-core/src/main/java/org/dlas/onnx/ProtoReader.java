package org.dlas.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

/**
 * Decodes the subset of onnx.proto that dlas uses from protobuf wire format, with protobuf-java's
 * {@link CodedInputStream} (no generated classes). Unknown fields, and known fields with an
 * unexpected wire type, are skipped. Repeated numbers are accepted packed or unpacked, as proto2
 * and proto3 writers differ.
 */
public final class ProtoReader {
    private ProtoReader() { }

    public static ModelProto readModel(byte[] bytes) throws IOException {
        return model(CodedInputStream.newInstance(bytes));
    }

    public static TensorProto readTensor(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        return tensor(in);
    }

    private static final int VARINT = WireFormat.WIRETYPE_VARINT, LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED,
            I32 = WireFormat.WIRETYPE_FIXED32;

    private static ModelProto model(CodedInputStream in) throws IOException {
        long ir = 0;
        List<OperatorSetId> opsets = new ArrayList<>();
        String producer = "", producerVersion = "";
        GraphProto graph = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (field(tag)) {
                case 1 -> { if (is(tag, VARINT)) ir = in.readInt64(); else in.skipField(tag); }
                case 2 -> { if (is(tag, LEN)) producer = in.readString(); else in.skipField(tag); }
                case 3 -> { if (is(tag, LEN)) producerVersion = in.readString(); else in.skipField(tag); }
                case 7 -> { if (is(tag, LEN)) { int old = enter(in); graph = graph(in); in.popLimit(old); } else in.skipField(tag); }
                case 8 -> { if (is(tag, LEN)) { int old = enter(in); opsets.add(opset(in)); in.popLimit(old); } else in.skipField(tag); }
                default -> in.skipField(tag);
            }
        }
        if (graph == null) throw new InvalidProtocolBufferException("not an ONNX model: no graph (field 7) in the ModelProto");
        return new ModelProto(ir, opsets, producer, producerVersion, graph);
    }

    private static OperatorSetId opset(CodedInputStream in) throws IOException {
        String domain = "";
        long version = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (field(tag)) {
                case 1 -> { if (is(tag, LEN)) domain = in.readString(); else in.skipField(tag); }
                case 2 -> { if (is(tag, VARINT)) version = in.readInt64(); else in.skipField(tag); }
                default -> in.skipField(tag);
            }
        }
        return new OperatorSetId(domain, version);
    }

    private static GraphProto graph(CodedInputStream in) throws IOException {
        String name = "";
        List<NodeProto> nodes = new ArrayList<>();
        List<TensorProto> inits = new ArrayList<>();
        List<ValueInfoProto> inputs = new ArrayList<>(), outputs = new ArrayList<>(), info = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            int f = field(tag);
            if (f == 2 && is(tag, LEN)) { name = in.readString(); continue; }
            if (!is(tag, LEN) || (f != 1 && f != 5 && f != 11 && f != 12 && f != 13)) { in.skipField(tag); continue; }
            int old = enter(in);
            switch (f) {
                case 1 -> nodes.add(node(in));
                case 5 -> inits.add(tensor(in));
                case 11 -> inputs.add(valueInfo(in));
                case 12 -> outputs.add(valueInfo(in));
                default -> info.add(valueInfo(in));
            }
            in.popLimit(old);
        }
        return new GraphProto(name, nodes, inits, inputs, outputs, info);
    }

    private static NodeProto node(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String name = "", opType = "", domain = "", doc = "";
        List<AttributeProto> attrs = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (!is(tag, LEN)) { in.skipField(tag); continue; }
            switch (field(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> opType = in.readString();
                case 5 -> { int old = enter(in); attrs.add(attribute(in)); in.popLimit(old); }
                case 6 -> doc = in.readString();
                case 7 -> domain = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new NodeProto(inputs, outputs, name, opType, domain, attrs, doc);
    }

    private static AttributeProto attribute(CodedInputStream in) throws IOException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        byte[] s = null;
        TensorProto t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        boolean hasF = false, hasI = false, hasG = false, hasStrings = false;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (field(tag)) {
                case 1 -> { if (is(tag, LEN)) name = in.readString(); else in.skipField(tag); }
                case 2 -> { if (is(tag, I32)) { f = in.readFloat(); hasF = true; } else in.skipField(tag); }
                case 3 -> { if (is(tag, VARINT)) { i = in.readInt64(); hasI = true; } else in.skipField(tag); }
                case 4 -> { if (is(tag, LEN)) s = in.readByteArray(); else in.skipField(tag); }
                case 5 -> { if (is(tag, LEN)) { int old = enter(in); t = tensor(in); in.popLimit(old); } else in.skipField(tag); }
                case 6 -> { hasG = true; in.skipField(tag); }
                case 7 -> readFloats(in, tag, floats);
                case 8 -> readLongs(in, tag, ints);
                case 9 -> { hasStrings = true; in.skipField(tag); }
                case 20 -> { if (is(tag, VARINT)) type = in.readInt32(); else in.skipField(tag); }
                default -> in.skipField(tag);
            }
        }
        if (type == 0) { // IR version 1 files have no type field: infer it from the field present
            if (t != null) type = AttributeProto.TENSOR;
            else if (hasG) type = AttributeProto.GRAPH;
            else if (s != null) type = AttributeProto.STRING;
            else if (floats.size > 0) type = AttributeProto.FLOATS;
            else if (ints.size > 0) type = AttributeProto.INTS;
            else if (hasStrings) type = AttributeProto.STRINGS;
            else if (hasF) type = AttributeProto.FLOAT;
            else if (hasI) type = AttributeProto.INT;
        }
        return new AttributeProto(name, type, f, i, s, t, floats.toArray(), ints.toArray());
    }

    private static TensorProto tensor(CodedInputStream in) throws IOException {
        LongList dims = new LongList(), int64 = new LongList();
        FloatList floats = new FloatList();
        IntList int32 = new IntList();
        DoubleList doubles = new DoubleList();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        boolean external = false;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (field(tag)) {
                case 1 -> readLongs(in, tag, dims);
                case 2 -> { if (is(tag, VARINT)) dataType = in.readInt32(); else in.skipField(tag); }
                case 4 -> readFloats(in, tag, floats);
                case 5 -> {
                    if (is(tag, LEN)) {
                        int old = enter(in);
                        while (in.getBytesUntilLimit() > 0) int32.add(in.readInt32());
                        in.popLimit(old);
                    } else if (is(tag, VARINT)) int32.add(in.readInt32());
                    else in.skipField(tag);
                }
                case 7 -> readLongs(in, tag, int64);
                case 8 -> { if (is(tag, LEN)) name = in.readString(); else in.skipField(tag); }
                case 9 -> { if (is(tag, LEN)) raw = in.readByteArray(); else in.skipField(tag); }
                case 10 -> {
                    if (is(tag, LEN)) {
                        int old = enter(in);
                        while (in.getBytesUntilLimit() > 0) doubles.add(in.readDouble());
                        in.popLimit(old);
                    } else if (is(tag, WireFormat.WIRETYPE_FIXED64)) doubles.add(in.readDouble());
                    else in.skipField(tag);
                }
                case 13 -> { external = true; in.skipField(tag); }
                case 14 -> { if (is(tag, VARINT)) external |= in.readInt32() == 1; else in.skipField(tag); }
                default -> in.skipField(tag);
            }
        }
        return new TensorProto(name, dims.toArray(), dataType, floats.toArray(), int32.toArray(), int64.toArray(),
                doubles.toArray(), raw, external);
    }

    private static ValueInfoProto valueInfo(CodedInputStream in) throws IOException {
        String name = "";
        int[] elemType = {0};
        List<ValueInfoProto.Dim> shape = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            int f = field(tag);
            if (f == 1 && is(tag, LEN)) name = in.readString();
            else if (f == 2 && is(tag, LEN)) {
                int old = enter(in);
                List<ValueInfoProto.Dim> s = typeProto(in, elemType);
                if (s != null) shape = s;
                in.popLimit(old);
            } else in.skipField(tag);
        }
        return new ValueInfoProto(name, elemType[0], shape);
    }

    /** TypeProto: reads tensor_type (field 1); returns its shape (or null) and stores elem_type. */
    private static List<ValueInfoProto.Dim> typeProto(CodedInputStream in, int[] elemType) throws IOException {
        List<ValueInfoProto.Dim> shape = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (field(tag) != 1 || !is(tag, LEN)) { in.skipField(tag); continue; }
            int old = enter(in);
            for (int t; (t = in.readTag()) != 0; ) {
                int f = field(t);
                if (f == 1 && is(t, VARINT)) elemType[0] = in.readInt32();
                else if (f == 2 && is(t, LEN)) {
                    int o2 = enter(in);
                    shape = shape(in);
                    in.popLimit(o2);
                } else in.skipField(t);
            }
            in.popLimit(old);
        }
        return shape;
    }

    private static List<ValueInfoProto.Dim> shape(CodedInputStream in) throws IOException {
        List<ValueInfoProto.Dim> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (field(tag) != 1 || !is(tag, LEN)) { in.skipField(tag); continue; }
            int old = enter(in);
            long value = -1;
            String param = null;
            for (int t; (t = in.readTag()) != 0; ) {
                int f = field(t);
                if (f == 1 && is(t, VARINT)) { value = in.readInt64(); param = null; }
                else if (f == 2 && is(t, LEN)) { param = in.readString(); value = -1; }
                else in.skipField(t);
            }
            in.popLimit(old);
            dims.add(new ValueInfoProto.Dim(value, param));
        }
        return dims;
    }

    private static int field(int tag) { return WireFormat.getTagFieldNumber(tag); }

    private static boolean is(int tag, int wireType) { return WireFormat.getTagWireType(tag) == wireType; }

    /** Reads a length prefix and limits the stream to that sub-message; returns the old limit. */
    private static int enter(CodedInputStream in) throws IOException {
        int len = in.readRawVarint32();
        if (len < 0) throw new InvalidProtocolBufferException("negative length");
        return in.pushLimit(len);
    }

    private static void readLongs(CodedInputStream in, int tag, LongList out) throws IOException {
        if (is(tag, LEN)) {
            int old = enter(in);
            while (in.getBytesUntilLimit() > 0) out.add(in.readInt64());
            in.popLimit(old);
        } else if (is(tag, VARINT)) out.add(in.readInt64());
        else in.skipField(tag);
    }

    private static void readFloats(CodedInputStream in, int tag, FloatList out) throws IOException {
        if (is(tag, LEN)) {
            int old = enter(in);
            while (in.getBytesUntilLimit() > 0) out.add(in.readFloat());
            in.popLimit(old);
        } else if (is(tag, I32)) out.add(in.readFloat());
        else in.skipField(tag);
    }

    private static final class LongList {
        long[] a = new long[8];
        int size;
        void add(long v) { if (size == a.length) a = Arrays.copyOf(a, size * 2); a[size++] = v; }
        long[] toArray() { return Arrays.copyOf(a, size); }
    }

    private static final class FloatList {
        float[] a = new float[8];
        int size;
        void add(float v) { if (size == a.length) a = Arrays.copyOf(a, size * 2); a[size++] = v; }
        float[] toArray() { return Arrays.copyOf(a, size); }
    }

    private static final class IntList {
        int[] a = new int[8];
        int size;
        void add(int v) { if (size == a.length) a = Arrays.copyOf(a, size * 2); a[size++] = v; }
        int[] toArray() { return Arrays.copyOf(a, size); }
    }

    private static final class DoubleList {
        double[] a = new double[8];
        int size;
        void add(double v) { if (size == a.length) a = Arrays.copyOf(a, size * 2); a[size++] = v; }
        double[] toArray() { return Arrays.copyOf(a, size); }
    }
}
