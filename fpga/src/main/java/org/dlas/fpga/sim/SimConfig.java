package org.dlas.fpga.sim;

/**
 * The per-job parameters the native design takes ({@code dlas_fpga_config} in
 * {@code native/include/dlas_fpga.h}). The clock frequency is not one of them: the designs are
 * cycle-based, and the Java side turns cycles into time at the configured clock.
 *
 * @param design           {@link #VM} or {@link #SA}
 * @param rows             systolic array rows (sa)
 * @param cols             systolic array columns (sa)
 * @param lanes            MAC lanes (vm)
 * @param vector           int8 multiplies per lane per cycle (vm)
 * @param dmaBytesPerCycle AXI-stream beat width in bytes
 * @param bufferBytes      capacity of the weight and input buffers in bytes each; the output
 *                         buffer holds {@code bufferBytes / 4} int32 accumulators
 * @param maxCycles        watchdog: a job running longer fails and restarts its worker
 */
public record SimConfig(int design, int rows, int cols, int lanes, int vector, int dmaBytesPerCycle,
                        long bufferBytes, long maxCycles) {
    public static final int VM = 0;
    public static final int SA = 1;
    /** Entries of the bias buffer (one 4 KB BRAM), fixed in the design. */
    public static final int BIAS_ENTRIES = 1024;

    public SimConfig withMaxCycles(long cycles) {
        return new SimConfig(design, rows, cols, lanes, vector, dmaBytesPerCycle, bufferBytes, cycles);
    }

    /** Weight buffer capacity in int8 values. */
    public long weightCapacity() { return bufferBytes; }
    /** Input buffer capacity in int8 values. */
    public long inputCapacity() { return bufferBytes; }
    /** Output buffer capacity in int32 accumulators. */
    public long outputCapacity() { return bufferBytes / 4; }
    /** Multiply-accumulate units: rows x cols (sa) or lanes x vector (vm). */
    public int macUnits() { return design == SA ? rows * cols : lanes * vector; }
}
