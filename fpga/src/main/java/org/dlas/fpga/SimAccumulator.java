package org.dlas.fpga;

import org.dlas.fpga.sim.SimStats;

/**
 * Sums what the accelerated layers cost (simulated counters and host-side times) and, per image inferred, the
 * host's time outside them and the CPU-only baseline's time. Thread-safe.
 */
public final class SimAccumulator {
    private SimStats stats = SimStats.ZERO;
    private long jobs;
    private long layerNanos;
    private long driverNanos;
    private long images;
    private long hostNanos;
    private long cpuOnlyNanos;

    public synchronized void addJob(SimStats s) {
        stats = stats.plus(s);
        jobs++;
    }

    /** Wall time of a layer call (driver + simulation), and the driver's share (lowering, packing, unpacking). */
    public synchronized void addLayer(long wallNanos, long driverWorkNanos) {
        layerNanos += wallNanos;
        driverNanos += driverWorkNanos;
    }

    /** {@code n} images inferred: the host's wall time outside the accelerated layers, and the CPU-only model's. */
    public synchronized void addImages(long n, long hostWorkNanos, long cpuOnlyWallNanos) {
        images += n;
        hostNanos += hostWorkNanos;
        cpuOnlyNanos += cpuOnlyWallNanos;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(stats, jobs, layerNanos, driverNanos, images, hostNanos, cpuOnlyNanos);
    }

    public record Snapshot(SimStats stats, long jobs, long layerNanos, long driverNanos, long images, long hostNanos,
                           long cpuOnlyNanos) { }
}
