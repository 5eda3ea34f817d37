package org.dlas.accel;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Off-chip traffic and its effect on cycles, the same for every accelerator here.
 *
 * <p>Each layer reads its input and weights from DRAM and writes its output back (no fusion across
 * layers). If either the weights fit in the weight buffer or the input fits in the input buffer,
 * each is read once; otherwise the input is streamed again for every buffer-full of weights:
 * {@code offchip = input * ceil(weights / weightBuffer) + weights + output} (bytes).
 *
 * <p>Transfers are double-buffered and overlap computation, so a layer takes
 * {@code max(computeCycles, ceil(offchip / dramBytesPerCycle))} cycles (a roofline); the excess over
 * the compute cycles is reported as stall cycles. A per-tile prefetch model would add the exposed
 * first fill: a known simplification.
 */
public record MemoryModel(long inputBufferBytes, long weightBufferBytes, double dramBytesPerCycle) {

    public MemoryModel {
        if (inputBufferBytes <= 0 || weightBufferBytes <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "buffers must be > 0 bytes");
        if (!(dramBytesPerCycle > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "dram bandwidth must be > 0 bytes/cycle");
    }

    public long offchipBytes(long inputBytes, long weightBytes, long outputBytes) {
        long passes = (weightBytes <= weightBufferBytes || inputBytes <= inputBufferBytes) ? 1 : ceilDiv(weightBytes, weightBufferBytes);
        return inputBytes * passes + weightBytes + outputBytes;
    }

    public long dramCycles(long offchipBytes) {
        return (long) Math.ceil(offchipBytes / dramBytesPerCycle);
    }

    public long cycles(long computeCycles, long offchipBytes) {
        return Math.max(computeCycles, dramCycles(offchipBytes));
    }

    public static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
