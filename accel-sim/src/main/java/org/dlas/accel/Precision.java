package org.dlas.accel;

/**
 * The datapath a layer runs on: fp32 (4-byte operands, fp32 accumulation) or int8 (1-byte operands,
 * int32 accumulation). It sets the bytes every buffer and DRAM access moves, the energy of a
 * multiply and an add, and the area of the arithmetic units.
 */
public enum Precision {
    FP32(4, 4), INT8(1, 4);

    private final int operandBytes;
    private final int accumulatorBytes;

    Precision(int operandBytes, int accumulatorBytes) {
        this.operandBytes = operandBytes;
        this.accumulatorBytes = accumulatorBytes;
    }

    /** Bytes of one input activation or weight. */
    public int operandBytes() { return operandBytes; }

    /** Bytes of one partial sum / output accumulator (fp32 or int32). */
    public int accumulatorBytes() { return accumulatorBytes; }

    /** Key used in the cost table ({@code fp32} or {@code int8}). */
    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
}
