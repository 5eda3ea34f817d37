package org.dlas.accel;

/**
 * What an analytical (closed-form) model predicts for one layer: compute cycles, off-chip bytes,
 * and total cycles once the DRAM roofline is applied ({@link MemoryModel#cycles}).
 */
public record Estimate(long computeCycles, long offchipBytes, long cycles) {

    /** Relative error of this estimate against a measured cycle count: |estimate - measured| / measured. */
    public double relativeError(long measuredCycles) {
        return measuredCycles == 0 ? 0 : Math.abs((double) cycles - measuredCycles) / measuredCycles;
    }
}
