package org.dlas.fpga.sim;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * What one job (or a sum of jobs) cost in the simulated design: the counters of
 * {@code dlas_fpga_stats}, in the same order.
 *
 * @param cycles        clock cycles from start to done
 * @param computeCycles cycles the compute engine was busy
 * @param dmaCycles     cycles the DMA engine was busy (in and out)
 * @param dmaInBytes    program bytes streamed in (instruction headers and payloads)
 * @param dmaOutBytes   result bytes streamed out
 * @param macs          multiply-accumulates with valid operands
 * @param bramAccesses  32-bit on-chip buffer word accesses
 * @param instructions  instructions decoded
 * @param computes      COMPUTE instructions (buffer tiles)
 * @param passes        array passes (sa: R x C output blocks, vm: lane groups)
 * @param peCycles      MAC units x busy cycles of the compute engine
 */
public record SimStats(long cycles, long computeCycles, long dmaCycles, long dmaInBytes, long dmaOutBytes,
                       long macs, long bramAccesses, long instructions, long computes, long passes, long peCycles) {
    public static final int FIELDS = 11;
    public static final SimStats ZERO = new SimStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static SimStats of(long[] v) {
        if (v.length != FIELDS) throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + FIELDS + " counters, got " + v.length);
        return new SimStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    public long[] toArray() {
        return new long[] {cycles, computeCycles, dmaCycles, dmaInBytes, dmaOutBytes, macs, bramAccesses, instructions, computes, passes, peCycles};
    }

    public SimStats plus(SimStats o) {
        long[] a = toArray(), b = o.toArray();
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return of(a);
    }

    public long bytesMoved() { return dmaInBytes + dmaOutBytes; }
}
