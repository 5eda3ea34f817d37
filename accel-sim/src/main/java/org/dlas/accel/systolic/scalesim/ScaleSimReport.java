package org.dlas.accel.systolic.scalesim;

/**
 * One layer's figures in SCALE-Sim's three reports: COMPUTE_REPORT (cycles, stalls, utilisations in
 * %), BANDWIDTH_REPORT (words per cycle) and DETAILED_ACCESS_REPORT (start/stop cycles and counts of
 * SRAM and DRAM accesses per operand).
 */
public record ScaleSimReport(String layer, long totalCycles, long stallCycles, double overallUtil, double mappingEfficiency,
                             double computeUtil, Access ifmapSram, Access filterSram, Access ofmapSram,
                             Access ifmapDram, Access filterDram, Access ofmapDram) {

    /** First and last cycle an interface was used, and the words moved. */
    public record Access(long start, long stop, long words) {
        double bandwidth() { return words / (double) (stop - start + 1); }
    }

    public double[] bandwidths() {
        return new double[] {ifmapSram.words / (double) totalCycles, filterSram.words / (double) totalCycles,
                ofmapSram.words / (double) totalCycles, ifmapDram.bandwidth(), filterDram.bandwidth(), ofmapDram.bandwidth()};
    }

    public static final String COMPUTE_HEADER = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,";
    public static final String BANDWIDTH_HEADER = "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
            + "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,";
    public static final String DETAIL_HEADER = "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "
            + "SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, "
            + "SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, "
            + "DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
            + "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, "
            + "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,";

    String computeRow(int id) {
        return id + ", " + totalCycles + ", " + stallCycles + ", " + py(overallUtil) + ", " + py(mappingEfficiency) + ", " + py(computeUtil) + ",";
    }

    String bandwidthRow(int id) {
        StringBuilder b = new StringBuilder().append(id);
        for (double x : bandwidths()) b.append(", ").append(py(x));
        return b.append(',').toString();
    }

    String detailRow(int id) {
        StringBuilder b = new StringBuilder().append(id);
        for (Access a : new Access[] {ifmapSram, filterSram, ofmapSram, ifmapDram, filterDram, ofmapDram})
            b.append(", ").append(a.start).append(".0, ").append(a.stop).append(".0, ").append(a.words);
        return b.append(',').toString();
    }

    /** A double as Python's str() prints it, so the reports read like SCALE-Sim's. */
    static String py(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == Math.rint(x) && Math.abs(x) < 1e16) return (long) x + ".0";
        double ax = Math.abs(x);
        if (ax >= 1e-4 && ax < 1e16) return new java.math.BigDecimal(Double.toString(x)).toPlainString();
        String s = Double.toString(x).replace("E", "e");
        int e = s.indexOf('e');
        String exp = s.substring(e + 1);
        boolean neg = exp.startsWith("-");
        String digits = neg ? exp.substring(1) : exp;
        if (digits.length() < 2) digits = "0" + digits;
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        return mant + "e" + (neg ? "-" : "+") + digits;
    }
}
