package org.dlas.accel;

/**
 * Counts of the energy-relevant actions of a run (Accelergy-style action counts): multiplies,
 * adds (in a PE or a reduction network), on-chip buffer bytes read and written, off-chip DRAM
 * bytes, bytes moved over one switch of a distribution/reduction network, and bytes moved between
 * neighbouring PE registers. {@link CostTable#energyPj} turns them into energy.
 */
public record Actions(long multiplies, long adds, long bufferReadBytes, long bufferWriteBytes, long dramBytes,
                      long networkHopBytes, long registerHopBytes) {

    public static final Actions NONE = new Actions(0, 0, 0, 0, 0, 0, 0);

    public Actions plus(Actions o) {
        return new Actions(multiplies + o.multiplies, adds + o.adds, bufferReadBytes + o.bufferReadBytes,
                bufferWriteBytes + o.bufferWriteBytes, dramBytes + o.dramBytes, networkHopBytes + o.networkHopBytes,
                registerHopBytes + o.registerHopBytes);
    }

    public long onchipBytes() { return bufferReadBytes + bufferWriteBytes; }

    /** A mutable counter the simulators fill while they run. */
    public static final class Counter {
        public long multiplies, adds, bufferReadBytes, bufferWriteBytes, dramBytes, networkHopBytes, registerHopBytes;

        public Actions freeze() {
            return new Actions(multiplies, adds, bufferReadBytes, bufferWriteBytes, dramBytes, networkHopBytes, registerHopBytes);
        }
    }
}
