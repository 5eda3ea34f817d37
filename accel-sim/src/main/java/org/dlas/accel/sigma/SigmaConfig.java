package org.dlas.accel.sigma;

import org.dlas.accel.CostTable;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.TreeSum;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

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
        if (multipliers < 2 || Integer.bitCount(multipliers) != 1) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "SIGMA needs a power-of-two number of multipliers >= 2 (the Benes network's ports), got " + multipliers).at("multipliers");
        }
        if (dnBw < 1 || dnBw > multipliers) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "dn_bw must be in [1, multipliers=" + multipliers + "], got " + dnBw).at("dn_bw");
        if (rnBw < 1 || rnBw > multipliers) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "rn_bw must be in [1, multipliers=" + multipliers + "], got " + rnBw).at("rn_bw");
        if (gbKb < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "gb_kb must be >= 1").at("gb_kb");
        if (!(clockMhz > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "clock_mhz must be > 0").at("clock_mhz");
        if (costs == null) costs = CostTable.defaults();
        new MemoryModel(1, 1, dramBytesPerCycle);
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
