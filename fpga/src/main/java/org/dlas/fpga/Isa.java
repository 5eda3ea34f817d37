package org.dlas.fpga;

/**
 * The designs' instruction set (mirrors {@code native/include/dlas_fpga.h}): a program is the
 * byte stream the driver writes into the DMA buffer, instruction headers of four little-endian
 * int32 words followed by their payloads padded to 4 bytes.
 */
public final class Isa {
    private Isa() { }

    public static final int END = 0;
    public static final int LOAD_W = 1;
    public static final int LOAD_X = 2;
    public static final int LOAD_B = 3;
    public static final int COMPUTE = 4;
    public static final int STORE = 5;
    /** Test hook: the controller raises a SystemC error. */
    public static final int FAULT = 0x7f;

    public static final int FLAG_BIAS = 1;
    public static final int FLAG_ACCUMULATE = 2;
}
