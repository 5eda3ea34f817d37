package org.dlas.accel.maeri;

import org.dlas.accel.CostTable;
import org.dlas.accel.FlexibleNetworkLimits;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.TreeSum;

/**
 * A MAERI instance in STONNE's terms: {@code multipliers} multiplier switches (ms_num, a power of
 * two), the distribution tree's bandwidth {@code dnBw} (elements the global buffer injects per
 * cycle), the reduction network's bandwidth {@code rnBw} (results written back per cycle), a global
 * buffer of {@code gbKb} KiB, DRAM bandwidth in bytes per cycle, and the clock.
 */
public record MaeriConfig(int multipliers, int dnBw, int rnBw, int gbKb, double dramBytesPerCycle, double clockMhz, CostTable costs) {

    public MaeriConfig {
        FlexibleNetworkLimits.check("MAERI", "its networks are binary trees", multipliers, dnBw, rnBw, gbKb, dramBytesPerCycle, clockMhz);
        if (costs == null) costs = CostTable.defaults();
    }

    public static MaeriConfig of(int multipliers, int dnBw, int rnBw) {
        return new MaeriConfig(multipliers, dnBw, rnBw, 108, 32, 200, CostTable.defaults());
    }

    /** Levels of the distribution tree (its latency in cycles): log2(multipliers). */
    public int dnLevels() { return TreeSum.depth(multipliers); }

    /** Levels of the augmented reduction tree: log2(multipliers). */
    public int rnLevels() { return TreeSum.depth(multipliers); }

    /** The global buffer split in halves for inputs and weights. */
    public MemoryModel memory() { return new MemoryModel(gbKb * 512L, gbKb * 512L, dramBytesPerCycle); }

    public String label() {
        return "maeri(multipliers=" + multipliers + ", dn_bw=" + dnBw + ", rn_bw=" + rnBw + ", gb " + gbKb + " KiB, dram "
                + fmt(dramBytesPerCycle) + " B/cycle, " + fmt(clockMhz) + " MHz)";
    }

    static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d); }
}
