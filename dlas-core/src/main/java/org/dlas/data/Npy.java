package org.dlas.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format (version 1.0 to 3.0), C order, so that users exchange inputs and outputs
 * with their own tools: reads little-endian float32/float64/uint8 arrays as floats, writes float32.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** An array: its dims and its values in C order. */
    public record Array(long[] shape, float[] values) {
        public long count() { return Arrays.stream(shape).reduce(1, (a, b) -> a * b); }
    }

    private Npy() { }

    public static Array read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        String where = file.toString();
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) throw new IOException(where + ": not a NumPy .npy file (bad magic)");
        int major = b[6];
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen, start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = buf.getInt(8);
            start = 12;
        } else {
            throw new IOException(where + ": .npy version " + major + " is not supported (1 to 3 are)");
        }
        if (headerLen < 0 || start + headerLen > b.length) throw new IOException(where + ": truncated .npy header");
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, where, "descr");
        if (group(ORDER, header, where, "fortran_order").equals("True")) throw new IOException(where + ": Fortran-order arrays are not supported; save with C order");
        String dims = group(SHAPE, header, where, "shape").trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        int size = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            case "|u1", "<u1" -> 1;
            default -> throw new IOException(where + ": dtype " + descr + " is not supported (accepted: <f4, <f8, |u1)");
        };
        int data = start + headerLen;
        if (count > Integer.MAX_VALUE || (long) data + count * size != b.length) {
            throw new IOException(where + ": shape " + Arrays.toString(shape) + " of " + descr + " needs " + count * size + " bytes, the file has "
                    + (b.length - data));
        }
        float[] v = new float[(int) count];
        for (int i = 0; i < v.length; i++) {
            int at = data + i * size;
            v[i] = size == 4 ? buf.getFloat(at) : size == 8 ? (float) buf.getDouble(at) : Byte.toUnsignedInt(b[at]);
        }
        return new Array(shape, v);
    }

    private static String group(Pattern p, String header, String where, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(where + ": .npy header lacks '" + key + "': " + header.trim());
        return m.group(1);
    }

    /** Writes float32 values of {@code shape} (version 1.0, header padded to 64 bytes as NumPy does). */
    public static void write(Path file, long[] shape, float[] values) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) dims.append(d).append(", ");
        String s = dims.length() == 0 ? "" : shape.length == 1 ? dims.substring(0, dims.length() - 1) : dims.substring(0, dims.length() - 2);
        StringBuilder h = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + s + "), }");
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + h.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length()).put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) buf.putFloat(v);
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.write(file, buf.array());
    }
}
