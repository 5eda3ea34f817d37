package org.dlas.fpga;

import java.util.Arrays;

/** Builds a program (see {@link Isa}) in a growing little-endian byte buffer. */
public final class ProgramWriter {
    private byte[] buf;
    private int size;

    public ProgramWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public ProgramWriter() { this(1024); }

    public int size() { return size; }

    private void ensure(int more) {
        if (size + (long) more > Integer.MAX_VALUE - 16) throw new IllegalStateException("program larger than 2 GB");
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
    }

    private void putInt(int v) {
        buf[size] = (byte) v;
        buf[size + 1] = (byte) (v >>> 8);
        buf[size + 2] = (byte) (v >>> 16);
        buf[size + 3] = (byte) (v >>> 24);
        size += 4;
    }

    private void pad() {
        while ((size & 3) != 0) buf[size++] = 0;
    }

    public ProgramWriter header(int op, int flags, int zeroPoint, int m, int n, int k) {
        ensure(16);
        putInt((op & 0xff) | (flags & 0xff) << 8 | (zeroPoint & 0xff) << 16);
        putInt(m);
        putInt(n);
        putInt(k);
        return this;
    }

    /** LOAD_W of rows [r0, r0+rowsN) x columns [c0, c0+colsN) of a row-major int8 matrix. */
    public ProgramWriter loadWeights(byte[] w, int offset, int rowStride, int r0, int rowsN, int c0, int colsN) {
        header(Isa.LOAD_W, 0, 0, rowsN, 0, colsN);
        block(w, offset, rowStride, r0, rowsN, c0, colsN);
        return this;
    }

    /** LOAD_X of rows [r0, r0+rowsN) x columns [c0, c0+colsN) of a row-major int8 matrix. */
    public ProgramWriter loadInputs(byte[] x, int offset, int rowStride, int r0, int rowsN, int c0, int colsN) {
        header(Isa.LOAD_X, 0, 0, 0, colsN, rowsN);
        block(x, offset, rowStride, r0, rowsN, c0, colsN);
        return this;
    }

    public ProgramWriter loadBias(int[] bias, int offset, int count) {
        header(Isa.LOAD_B, 0, 0, count, 0, 0);
        ensure(4 * count);
        for (int i = 0; i < count; i++) putInt(bias[offset + i]);
        return this;
    }

    public ProgramWriter compute(int m, int n, int k, int flags, int zeroPoint) {
        return header(Isa.COMPUTE, flags, zeroPoint, m, n, k);
    }

    public ProgramWriter store(int m, int n) { return header(Isa.STORE, 0, 0, m, n, 0); }

    public ProgramWriter end() { return header(Isa.END, 0, 0, 0, 0, 0); }

    private void block(byte[] src, int offset, int rowStride, int r0, int rowsN, int c0, int colsN) {
        ensure(rowsN * colsN + 3);
        for (int r = 0; r < rowsN; r++) {
            System.arraycopy(src, offset + (r0 + r) * rowStride + c0, buf, size, colsN);
            size += colsN;
        }
        pad();
    }

    public byte[] toByteArray() { return Arrays.copyOf(buf, size); }
}
