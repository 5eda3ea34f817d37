package org.dlas.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * ONNX {@code TensorProto}: a named constant tensor. Values sit either in {@code rawData}
 * (little-endian, fixed width) or in one of the typed lists, as the producer chose; {@link #floats()}
 * and {@link #longs()} decode either. Tensors stored in external files are flagged by
 * {@code external} and carry no data.
 */
public record TensorProto(String name, long[] dims, int dataType, float[] floatData, int[] int32Data,
                          long[] int64Data, double[] doubleData, byte[] rawData, boolean external) {
    public static final int UNDEFINED = 0, FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6,
            INT64 = 7, STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;

    public TensorProto {
        name = name == null ? "" : name;
        dims = dims == null ? new long[0] : dims;
        floatData = floatData == null ? new float[0] : floatData;
        int32Data = int32Data == null ? new int[0] : int32Data;
        int64Data = int64Data == null ? new long[0] : int64Data;
        doubleData = doubleData == null ? new double[0] : doubleData;
    }

    /** A float tensor stored as little-endian raw data (how the exporter writes weights). */
    public static TensorProto ofFloats(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorProto(name, dims.clone(), FLOAT, null, null, null, null, b.array(), false);
    }

    /** An int64 tensor stored as little-endian raw data. */
    public static TensorProto ofLongs(String name, long[] dims, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new TensorProto(name, dims.clone(), INT64, null, null, null, null, b.array(), false);
    }

    public TensorProto withName(String newName) {
        return new TensorProto(newName, dims, dataType, floatData, int32Data, int64Data, doubleData, rawData, external);
    }

    /** Number of elements: the product of the dims (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new OnnxImportException("tensor '" + name + "' has a negative dim in " + java.util.Arrays.toString(dims));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new OnnxImportException("tensor '" + name + "' has dims " + java.util.Arrays.toString(dims) + ", more elements than a long holds");
            }
        }
        return n;
    }

    public static String typeName(int dataType) {
        return switch (dataType) {
            case FLOAT -> "float"; case UINT8 -> "uint8"; case INT8 -> "int8"; case UINT16 -> "uint16";
            case INT16 -> "int16"; case INT32 -> "int32"; case INT64 -> "int64"; case STRING -> "string";
            case BOOL -> "bool"; case FLOAT16 -> "float16"; case DOUBLE -> "double"; case UINT32 -> "uint32";
            case UINT64 -> "uint64"; case BFLOAT16 -> "bfloat16";
            default -> "data type " + dataType;
        };
    }

    /**
     * The values as floats. float (raw or float_data) are returned bit-exact; double, float16,
     * bfloat16 and the integer types are converted.
     *
     * @throws InvalidInputException for strings, external data, or a value count that does not match the dims
     */
    public float[] floats() {
        checkStored();
        int n = count();
        float[] out = new float[n];
        if (rawData != null && rawData.length > 0 || hasNoData(n)) {
            ByteBuffer b = raw(n);
            switch (dataType) {
                case FLOAT -> b.asFloatBuffer().get(out);
                case DOUBLE -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(); }
                case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort()); }
                case BFLOAT16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16); }
                default -> { long[] l = longs(); for (int i = 0; i < n; i++) out[i] = l[i]; }
            }
            return out;
        }
        switch (dataType) {
            case FLOAT -> { require(floatData.length, n); return floatData.clone(); }
            case DOUBLE -> { require(doubleData.length, n); for (int i = 0; i < n; i++) out[i] = (float) doubleData[i]; }
            case FLOAT16 -> { require(int32Data.length, n); for (int i = 0; i < n; i++) out[i] = halfToFloat((short) int32Data[i]); }
            case BFLOAT16 -> { require(int32Data.length, n); for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((int32Data[i] & 0xffff) << 16); }
            default -> { long[] l = longs(); for (int i = 0; i < n; i++) out[i] = l[i]; }
        }
        return out;
    }

    /** The values of an integer or bool tensor as longs. */
    public long[] longs() {
        checkStored();
        int n = count();
        long[] out = new long[n];
        boolean raw = rawData != null && rawData.length > 0 || hasNoData(n);
        ByteBuffer b = raw ? raw(n) : null;
        switch (dataType) {
            case INT64 -> {
                if (raw) b.asLongBuffer().get(out); else { require(int64Data.length, n); System.arraycopy(int64Data, 0, out, 0, n); }
            }
            case INT32, INT16, INT8, UINT16, UINT8, BOOL -> {
                if (raw) {
                    for (int i = 0; i < n; i++) {
                        out[i] = switch (dataType) {
                            case INT32 -> b.getInt(); case INT16 -> b.getShort(); case INT8 -> b.get();
                            case UINT16 -> b.getShort() & 0xffff; default -> b.get() & 0xff;
                        };
                    }
                } else {
                    require(int32Data.length, n);
                    for (int i = 0; i < n; i++) out[i] = int32Data[i];
                }
            }
            case UINT32 -> {
                if (!raw) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "tensor '" + name + "': uint32 values outside raw_data are not supported").at(name);
                for (int i = 0; i < n; i++) out[i] = b.getInt() & 0xffffffffL;
            }
            case UINT64 -> {
                if (!raw) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "tensor '" + name + "': uint64 values outside raw_data are not supported").at(name);
                b.asLongBuffer().get(out);
            }
            default -> throw new InvalidInputException(ErrorKind.UNSUPPORTED, "tensor '" + name + "' holds " + typeName(dataType) + ", not integers").at(name);
        }
        return out;
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private int count() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "tensor '" + name + "' has too many elements: " + n).at(name);
        return (int) n;
    }

    private boolean hasNoData(int n) {
        // An empty tensor, or one whose typed lists are all empty: only raw data can hold it.
        return n == 0 || floatData.length == 0 && int32Data.length == 0 && int64Data.length == 0 && doubleData.length == 0;
    }

    private void checkStored() {
        if (external) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "tensor '" + name + "' is stored in an external data file, which is not supported").at(name);
        if (dataType == STRING) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "tensor '" + name + "' holds strings").at(name);
    }

    private ByteBuffer raw(int n) {
        int width = switch (dataType) {
            case FLOAT, INT32, UINT32 -> 4; case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2; case INT8, UINT8, BOOL -> 1;
            default -> throw new InvalidInputException(ErrorKind.UNSUPPORTED, "tensor '" + name + "' has unsupported " + typeName(dataType)).at(name);
        };
        byte[] data = rawData == null ? new byte[0] : rawData;
        if ((long) n * width != data.length) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, "tensor '" + name + "' of dims " + Arrays.toString(dims) + " needs "
                    + (long) n * width + " bytes of " + typeName(dataType) + ", has " + data.length).at(name);
        }
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void require(int have, int n) {
        if (have != n) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "tensor '" + name + "' of dims " + Arrays.toString(dims) + " needs " + n + " values, has " + have).at(name);
    }

    @Override public String toString() {
        return "Tensor(" + name + ", " + typeName(dataType) + Arrays.toString(dims) + ")";
    }
}
