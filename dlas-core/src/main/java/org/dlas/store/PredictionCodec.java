package org.dlas.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Compact binary form of a per-image prediction vector (the {@code predictions} BLOB of the store).
 *
 * <p>Layout: one format byte, then the values.
 * <ul>
 *   <li>{@value #VARINT} — each value zig-zag encoded, then written as an unsigned LEB128 varint
 *       (7 bits per byte, low group first, high bit set on every byte but the last). Class labels below 64 take
 *       one byte each. This is what {@link #encode} writes.</li>
 *   <li>{@value #INT32_LE} — each value as a 4-byte little-endian two's-complement int. Accepted by {@link #decode}
 *       for data written by other tools.</li>
 * </ul>
 * An empty array encodes as the single format byte; {@code null} encodes as {@code null} (SQL NULL, "not measured").
 */
public final class PredictionCodec {

    /** Format byte: zig-zag LEB128 varints. */
    public static final int VARINT = 1;
    /** Format byte: little-endian int32. */
    public static final int INT32_LE = 2;

    private PredictionCodec() { }

    /** Encodes as {@value #VARINT}; {@code null} in, {@code null} out. */
    public static byte[] encode(int[] values) {
        if (values == null) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream(values.length + 1);
        out.write(VARINT);
        for (int v : values) {
            int z = (v << 1) ^ (v >> 31);               // zig-zag: small magnitudes -> small unsigned
            while ((z & ~0x7F) != 0) {
                out.write((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            out.write(z);
        }
        return out.toByteArray();
    }

    /** Decodes either format; {@code null} in, {@code null} out. */
    public static int[] decode(byte[] blob) {
        if (blob == null) return null;
        if (blob.length == 0) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "predictions blob is empty (no format byte)");
        int format = blob[0] & 0xFF;
        if (format == INT32_LE) {
            if ((blob.length - 1) % 4 != 0) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "int32 predictions blob has a partial value");
            ByteBuffer buf = ByteBuffer.wrap(blob, 1, blob.length - 1).order(ByteOrder.LITTLE_ENDIAN);
            int[] out = new int[(blob.length - 1) / 4];
            for (int i = 0; i < out.length; i++) out[i] = buf.getInt();
            return out;
        }
        if (format != VARINT) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "unknown predictions format byte " + format);
        int count = 0;
        for (int i = 1; i < blob.length; i++) if ((blob[i] & 0x80) == 0) count++;
        if (blob.length > 1 && (blob[blob.length - 1] & 0x80) != 0) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, "varint predictions blob ends inside a value");
        }
        int[] out = new int[count];
        int pos = 1;
        for (int k = 0; k < count; k++) {
            int z = 0;
            int shift = 0;
            int b;
            do {
                if (shift > 28) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "varint longer than 5 bytes at value " + k);
                b = blob[pos++] & 0xFF;
                z |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            out[k] = (z >>> 1) ^ -(z & 1);
        }
        return out;
    }

    /** Encodes as {@value #INT32_LE} (for interchange with tools that want fixed-width values). */
    public static byte[] encodeInt32(int[] values) {
        if (values == null) return null;
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) INT32_LE);
        for (int v : values) buf.putInt(v);
        return buf.array();
    }
}
