package org.dlas.accel;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The parameter checks MAERI and SIGMA share (both are STONNE-style flexible networks of a
 * power-of-two number of multipliers fed and drained through bandwidth-limited networks).
 */
public final class FlexibleNetworkLimits {
    private FlexibleNetworkLimits() {}

    /** {@code needs}: the design's own reason for the power of two, as said in the error. */
    public static void check(String design, String needs, int multipliers, int dnBw, int rnBw, int gbKb,
                             double dramBytesPerCycle, double clockMhz) {
        if (multipliers < 2 || Integer.bitCount(multipliers) != 1) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, design + " needs a power-of-two number of multipliers >= 2 (" + needs + "), got " + multipliers).at("multipliers");
        }
        if (dnBw < 1 || dnBw > multipliers) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "dn_bw must be in [1, multipliers=" + multipliers + "], got " + dnBw).at("dn_bw");
        if (rnBw < 1 || rnBw > multipliers) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "rn_bw must be in [1, multipliers=" + multipliers + "], got " + rnBw).at("rn_bw");
        if (gbKb < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "gb_kb must be >= 1").at("gb_kb");
        if (!(clockMhz > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "clock_mhz must be > 0").at("clock_mhz");
        new MemoryModel(1, 1, dramBytesPerCycle);
    }
}
