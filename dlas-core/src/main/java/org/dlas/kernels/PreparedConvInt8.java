package org.dlas.kernels;

/**
 * A convolution on int8 data with int32 accumulation. Input values are int8 with one zero point
 * (asymmetric per-tensor quantisation); weights are int8 symmetric (zero point 0, per output
 * channel scales are the caller's business). The result is the raw int32 accumulator plus the
 * int32 bias, so every primitive can be compared bit for bit with the direct reference.
 * Padding contributes the input zero point, i.e. real value 0.
 */
public interface PreparedConvInt8 {
    int[] run(byte[] input, int n, int h, int w, int inputZeroPoint);
}
