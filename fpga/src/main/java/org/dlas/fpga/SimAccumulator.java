package org.dlas.fpga;

import org.dlas.fpga.sim.SimStats;

/** Sums what the accelerated layers cost: simulated counters and host-side times. Thread-safe. */
public final class SimAccumulator {
    private SimStats stats = SimStats.ZERO;
    private long jobs;
    private long layerNanos;
    private long driverNanos;

    public synchronized void addJob(SimStats s) {
        stats = stats.plus(s);
        jobs++;
    }

    /** Wall time of a layer call (driver + simulation), and the driver's share (lowering, packing, unpacking). */
    public synchronized void addLayer(long wallNanos, long driverWorkNanos) {
        layerNanos += wallNanos;
        driverNanos += driverWorkNanos;
    }

    public synchronized Snapshot snapshot() { return new Snapshot(stats, jobs, layerNanos, driverNanos); }

    public record Snapshot(SimStats stats, long jobs, long layerNanos, long driverNanos) { }
}
