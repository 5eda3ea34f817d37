package org.dlas.accel.maeri;

import org.dlas.accel.LayerShape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A MAERI mapping: tile sizes over the convolution's loops, as in STONNE. Per step the
 * accelerator computes {@code T_N * T_G * T_K * T_X' * T_Y'} virtual neurons (VNs: one output
 * each, of image, group, filter, output row, output column) at once, each VN a group of
 * {@code T_R * T_S * T_C} adjacent multiplier switches reducing one piece of the output's sum
 * (kernel rows, kernel columns, input channels) in the ART. Tiles that do not divide their loop
 * leave the edge tiles partly idle (remainders are handled, at a cost in utilisation).
 *
 * @param tR  kernel rows per VN (T_R)
 * @param tS  kernel columns per VN (T_S)
 * @param tC  input channels (of a group) per VN (T_C)
 * @param tK  filters (of a group) in parallel (T_K)
 * @param tG  groups in parallel (T_G)
 * @param tN  images in parallel (T_N)
 * @param tX  output rows in parallel (T_X')
 * @param tY  output columns in parallel (T_Y')
 */
public record MaeriMapping(int tR, int tS, int tC, int tK, int tG, int tN, int tX, int tY) {

    /** Multipliers of one VN: T_R * T_S * T_C. */
    public int vnSize() { return tR * tS * tC; }

    /** VNs per step: T_N * T_G * T_K * T_X' * T_Y'. */
    public int vns() { return tN * tG * tK * tX * tY; }

    /** Multipliers the mapping occupies: vnSize * vns. */
    public long multipliersUsed() { return (long) vnSize() * vns(); }

    /**
     * Checks the mapping against a layer and an accelerator.
     *
     * @throws IllegalArgumentException naming the first constraint the mapping breaks
     */
    public void validate(LayerShape s, int multipliers) {
        int[] t = {tR, tS, tC, tK, tG, tN, tX, tY};
        String[] names = {"T_R", "T_S", "T_C", "T_K", "T_G", "T_N", "T_X'", "T_Y'"};
        int[] dims = {s.kernelH(), s.kernelW(), s.cg(), s.kg(), s.groups(), s.n(), s.outH(), s.outW()};
        String[] dimNames = {"R (kernel rows)", "S (kernel columns)", "C/G (input channels per group)", "K/G (filters per group)",
                "G (groups)", "N (batch)", "X' (output rows)", "Y' (output columns)"};
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "invalid MAERI mapping " + this + ": " + names[i] + " must be >= 1, got " + t[i]).at("mapping");
        }
        for (int i = 0; i < t.length; i++) {
            if (t[i] > dims[i]) {
                throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "invalid MAERI mapping " + this + ": " + names[i] + "=" + t[i] + " exceeds the layer's "
                        + dimNames[i] + "=" + dims[i] + " (a tile cannot be larger than the loop it tiles)").at("mapping");
            }
        }
        if (multipliersUsed() > multipliers) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "invalid MAERI mapping " + this + ": T_R*T_S*T_C*T_K*T_G*T_N*T_X'*T_Y' = "
                    + tR + "*" + tS + "*" + tC + "*" + tK + "*" + tG + "*" + tN + "*" + tX + "*" + tY + " = " + multipliersUsed()
                    + " exceeds the " + multipliers + " multipliers (every multiplication of a step needs its own multiplier switch)").at("mapping");
        }
    }

    /** True when {@link #validate} passes. */
    public boolean isValid(LayerShape s, int multipliers) {
        try {
            validate(s, multipliers);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override public String toString() {
        return "T_R=" + tR + " T_S=" + tS + " T_C=" + tC + " T_K=" + tK + " T_G=" + tG + " T_N=" + tN + " T_X'=" + tX + " T_Y'=" + tY;
    }
}
