package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.LayerShape;
import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicAnalytical;
import org.dlas.accel.systolic.SystolicArray;
import org.dlas.accel.systolic.SystolicConfig;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The systolic-array design space: rows, columns, dataflow and the three SRAM sizes; the dataflow
 * fixes every layer's mapping (SCALE-Sim's convention), so there are no per-layer choices. Hard:
 * area within the budget; objective: {@link SystolicAnalytical#estimate} cycles (SCALE-Sim's
 * stall-free folds, SRAM fetch bound) summed over the layers. Only the cycles objective is supported (accel-sim has no
 * closed-form energy for the array).
 */
public final class SystolicSpace extends ModelLayerSpace {
    private final List<Integer> sizes, srams;
    private final List<Dataflow> dataflows;

    public SystolicSpace(List<String> names, List<LayerShape> layers, List<Integer> sizes, List<Dataflow> dataflows, List<Integer> srams,
                         String objective, double areaBudget) {
        super(names, layers, areaBudget);
        if (!"cycles".equals(objective)) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "the systolic search supports the cycles objective only, got " + objective);
        this.sizes = List.copyOf(sizes);
        this.dataflows = List.copyOf(dataflows);
        this.srams = List.copyOf(srams);
    }

    /** Rows and columns {4, 8, 16, 32, 64}, dataflows os/ws/is, SRAMs {16, 32, 64, 128} KiB each. */
    public static SystolicSpace standard(List<String> names, List<LayerShape> layers, String objective, double areaBudget) {
        return new SystolicSpace(names, layers, List.of(4, 8, 16, 32, 64), List.of(Dataflow.values()), List.of(16, 32, 64, 128), objective, areaBudget);
    }

    public List<Integer> sizes() { return sizes; }
    public List<Dataflow> dataflows() { return dataflows; }
    public List<Integer> srams() { return srams; }

    public double size() { return (double) sizes.size() * sizes.size() * dataflows.size() * Math.pow(srams.size(), 3); }

    public SystolicConfig config(int rows, int cols, Dataflow d, int ifmap, int filter, int ofmap) {
        return new SystolicConfig(rows, cols, d, ifmap, filter, ofmap, 32, 200, costs);
    }

    public double areaMm2(SystolicConfig cfg) { return new SystolicArray(cfg).areaMm2(MaeriSpace.PRECISION); }

    /** Area over the budget in 0.001 mm^2 (0 when within). */
    public long violation(SystolicConfig cfg) {
        double over = areaMm2(cfg) - areaBudget();
        return over > 0 ? (long) Math.ceil(over * 1000) : 0;
    }

    public long cycles(SystolicConfig cfg, LayerShape s) {
        return SystolicAnalytical.estimate(cfg, s, MaeriSpace.PRECISION.operandBytes()).cycles();
    }

    public long cycles(SystolicConfig cfg) {
        long c = 0;
        for (LayerShape s : layers()) c += cycles(cfg, s);
        return c;
    }
}
