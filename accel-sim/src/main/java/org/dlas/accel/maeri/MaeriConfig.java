package org.dlas.accel.maeri;

import org.dlas.accel.CostTable;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.TreeSum;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A MAERI instance in STONNE's terms: {@code multipliers} multiplier switches (ms_num, a power of
 * two), the distribution tree's bandwidth {@code dnBw} (elements the global buffer injects per
 * cycle), the reduction network's bandwidth {@code rnBw} (results written back per cycle), a global
 * buffer of {@code gbKb} KiB, DRAM bandwidth in bytes per cycle, and the clock.
 */
public record MaeriConfig(int multipliers, int dnBw, int rnBw, int gbKb, double dramBytesPerCycle, double clockMhz, CostTable costs) {

    public MaeriConfig {
        if (multipliers < 2 || Integer.bitCount(multipliers) != 1) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "MAERI needs a power-of-two number of multipliers >= 2 (its networks are binary trees), got " + multipliers).at("multipliers");
        }
        if (dnBw < 1 || dnBw > multipliers) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "dn_bw must be in [1, multipliers=" + multipliers + "], got " + dnBw).at("dn_bw");
        if (rnBw < 1 || rnBw > multipliers) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "rn_bw must be in [1, multipliers=" + multipliers + "], got " + rnBw).at("rn_bw");
        if (gbKb < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "gb_kb must be >= 1").at("gb_kb");
        if (!(clockMhz > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "clock_mhz must be > 0").at("clock_mhz");
        if (costs == null) costs = CostTable.defaults();
        new MemoryModel(1, 1, dramBytesPerCycle);
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
