package org.dlas.accel.sigma;

import org.dlas.accel.CostTable;
import org.dlas.accel.FlexibleNetworkLimits;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.TreeSum;

/**
 * A SIGMA instance (Qin et al., HPCA 2020): {@code multipliers} processing elements (a power of
 * two, the Benes network's ports), distribution bandwidth {@code dnBw} (elements injected into the
 * Benes network per cycle), reduction bandwidth {@code rnBw} (results the FAN writes back per
 * cycle), whether operands are bitmap-compressed and zero pairs skipped ({@code sparse}), the
 * global buffer, DRAM bandwidth and clock.
 */
public record SigmaConfig(int multipliers, int dnBw, int rnBw, boolean sparse, int gbKb, double dramBytesPerCycle,
                          double clockMhz, CostTable costs) {

    public SigmaConfig {
        FlexibleNetworkLimits.check("SIGMA", "the Benes network's ports", multipliers, dnBw, rnBw, gbKb, dramBytesPerCycle, clockMhz);
        if (costs == null) costs = CostTable.defaults();
    }

    public static SigmaConfig of(int multipliers, int dnBw, int rnBw, boolean sparse) {
        return new SigmaConfig(multipliers, dnBw, rnBw, sparse, 108, 32, 200, CostTable.defaults());
    }

    public BenesNetwork benes() { return new BenesNetwork(multipliers); }

    /** FAN levels (its latency): log2(multipliers). */
    public int fanLevels() { return TreeSum.depth(multipliers); }

    public MemoryModel memory() { return new MemoryModel(gbKb * 512L, gbKb * 512L, dramBytesPerCycle); }

    public String label() {
        return "sigma(multipliers=" + multipliers + ", dn_bw=" + dnBw + ", rn_bw=" + rnBw + ", " + (sparse ? "sparse" : "dense") + ", gb "
                + gbKb + " KiB, dram " + fmt(dramBytesPerCycle) + " B/cycle, " + fmt(clockMhz) + " MHz)";
    }

    static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d); }
}
