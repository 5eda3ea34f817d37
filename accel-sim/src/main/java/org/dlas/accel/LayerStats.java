package org.dlas.accel;

/**
 * What the cycle-level model measured for one layer run (a batch of {@code shape.n()} images).
 *
 * @param shape          the layer and batch
 * @param precision      datapath
 * @param multipliers    multipliers (PEs) of the accelerator
 * @param cycles         total cycles: compute, or the DRAM time where that is longer ({@link MemoryModel})
 * @param computeCycles  cycles of the compute pipeline alone
 * @param busy           multiplier-cycles doing the layer's multiplications (dense accelerators count
 *                       every tap, zeros included; SIGMA only non-zero pairs)
 * @param steadyCycles   cycles of the streaming phases (see {@link PipelineTiming.Result}); equals
 *                       computeCycles where the model has no such split
 * @param steadyBusy     busy multiplier-cycles within them
 * @param macs           the layer's dense multiply-accumulates (padding taps included)
 * @param actions        action counts (buffer and DRAM bytes among them)
 * @param energyPj       energy of those actions from the cost table
 * @param analytical     the closed-form estimate for the same layer
 * @param mapping        how the layer was mapped (tile sizes, folds), for reports
 */
public record LayerStats(LayerShape shape, Precision precision, int multipliers, long cycles, long computeCycles,
                         long busy, long steadyCycles, long steadyBusy, long macs, Actions actions, double energyPj,
                         Estimate analytical, String mapping) {

    /** Busy multiplier-cycles over all multiplier-cycles. */
    public double utilisation() { return cycles == 0 ? 0 : (double) busy / ((double) multipliers * cycles); }

    /** Utilisation during the streaming phases only. */
    public double steadyUtilisation() { return steadyCycles == 0 ? 0 : (double) steadyBusy / ((double) multipliers * steadyCycles); }

    public long stallCycles() { return cycles - computeCycles; }

    public long onchipBytes() { return actions.onchipBytes(); }

    public long offchipBytes() { return actions.dramBytes(); }

    /** |analytical - cycles| / cycles. */
    public double analyticalError() { return analytical.relativeError(cycles); }
}
