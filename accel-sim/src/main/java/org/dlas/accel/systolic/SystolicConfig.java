package org.dlas.accel.systolic;

import org.dlas.accel.CostTable;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.systolic.scalesim.ScaleSimConfig;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A systolic array in SCALE-Sim's terms: {@code rows x cols} PEs, a dataflow, three double-buffered
 * SRAMs (ifmap, filter, ofmap) in KiB, the DRAM bandwidth in bytes per cycle, and the clock.
 */
public record SystolicConfig(int rows, int cols, Dataflow dataflow, int ifmapKb, int filterKb, int ofmapKb,
                             double dramBytesPerCycle, double clockMhz, CostTable costs) {

    public SystolicConfig {
        if (rows < 1 || cols < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "the array needs rows >= 1 and cols >= 1, got " + rows + "x" + cols);
        if (ifmapKb < 1 || filterKb < 1 || ofmapKb < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "SRAM sizes must be >= 1 KiB");
        if (!(clockMhz > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "clock_mhz must be > 0");
        if (dataflow == null) throw new InvalidInputException(ErrorKind.MISSING, "dataflow is required");
        if (costs == null) costs = CostTable.defaults();
        new MemoryModel(1, 1, dramBytesPerCycle); // validates the bandwidth
    }

    public static SystolicConfig of(int rows, int cols, Dataflow dataflow) {
        return new SystolicConfig(rows, cols, dataflow, 64, 64, 64, 32, 200, CostTable.defaults());
    }

    public SystolicConfig withDataflow(Dataflow d) {
        return new SystolicConfig(rows, cols, d, ifmapKb, filterKb, ofmapKb, dramBytesPerCycle, clockMhz, costs);
    }

    public MemoryModel memory() {
        // double-buffered: half of each SRAM holds the working set while the other half fills
        return new MemoryModel(ifmapKb * 512L, filterKb * 512L, dramBytesPerCycle);
    }

    /** The same array in SCALE-Sim's terms with its 1-byte words. */
    public ScaleSimConfig scaleSim() { return scaleSim(1); }

    /**
     * The same array in SCALE-Sim's terms: words of {@code wordBytes}, the DRAM bandwidth as
     * SCALE-Sim's USER bandwidth in words per cycle (at least one) for all three SRAMs.
     */
    public ScaleSimConfig scaleSim(int wordBytes) {
        int words = (int) Math.max(1, Math.min(1 << 24, Math.floor(dramBytesPerCycle / wordBytes)));
        return ScaleSimConfig.defaults().withArray(rows, cols, dataflow).withSram(ifmapKb, filterKb, ofmapKb)
                .withUserBandwidth(words).withWordBytes(wordBytes);
    }

    public String label() {
        return "systolic(" + rows + "x" + cols + ", " + dataflow.key() + ", ifmap/filter/ofmap " + ifmapKb + "/" + filterKb + "/" + ofmapKb
                + " KiB, dram " + fmt(dramBytesPerCycle) + " B/cycle, " + fmt(clockMhz) + " MHz)";
    }

    static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d); }
}
