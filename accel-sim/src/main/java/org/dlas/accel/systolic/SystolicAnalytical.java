package org.dlas.accel.systolic;

import org.dlas.accel.Estimate;
import org.dlas.accel.LayerShape;
import org.dlas.accel.MemoryModel;

/**
 * Closed-form cycle counts of the systolic array (public: the tuner screens configurations with them).
 *
 * <p>A GEMM {@code M x N x K} maps to spatial rows S_R, spatial columns S_C and a temporal length T
 * ({@link Dataflow}). It is cut into {@code F = ceil(S_R/R) * ceil(S_C/C)} folds; SCALE-Sim v2
 * charges every fold the same, edge folds included:
 * <pre>  OS: T + R + C - 2      WS, IS: 2R + C + T - 2</pre>
 * (OS: the outputs leave the bottom edge while the next fold streams in, so there is no separate
 * drain; WS/IS: R cycles load the stationary operand first). SCALE-Sim reports the index of the
 * last cycle, so without stalls a GEMM takes {@link #exactComputeCycles} = {@code F * fold - 1};
 * the cycle-level model ({@link org.dlas.accel.systolic.scalesim.ScaleSimulator}) adds the stalls
 * of its SRAM/DRAM model. {@link #textbookComputeCycles} is SCALE-Sim paper's
 * {@code F * (2R + C + T - 2)} for every dataflow.
 *
 * <p>The estimate ({@link #estimate}) bounds the layer by its slowest resource: the stall-free
 * compute count, each read SRAM's prefetches and the ofmap drain ({@link #memoryBoundCycles}).
 * Grouped convolutions are {@code groups} separate GEMMs.
 */
public final class SystolicAnalytical {
    private SystolicAnalytical() { }

    /** Cycles SCALE-Sim charges each fold of an {@code r x c} array with temporal length {@code t}. */
    public static long foldCycles(Dataflow d, int r, int c, int t) {
        return d == Dataflow.OS ? (long) t + r + c - 2 : 2L * r + c + t - 2;
    }

    /** Stall-free cycles of one GEMM M x N x K on an R x C array, as SCALE-Sim v2 counts them. */
    public static long exactComputeCycles(int r, int c, Dataflow d, int m, int n, int k) {
        int sR = d.spatialRows(m, n, k), sC = d.spatialCols(m, n, k), t = d.temporal(m, n, k);
        return ceil(sR, r) * ceil(sC, c) * foldCycles(d, r, c, t) - 1;
    }

    /** SCALE-Sim's textbook count: ceil(S_R/R) * ceil(S_C/C) * (2R + C + T - 2). */
    public static long textbookComputeCycles(int r, int c, Dataflow d, int m, int n, int k) {
        int sR = d.spatialRows(m, n, k), sC = d.spatialCols(m, n, k), t = d.temporal(m, n, k);
        return ceil(sR, r) * ceil(sC, c) * (2L * r + c + t - 2);
    }

    /** Stall-free cycles of a whole layer: every group and image is a separate GEMM. */
    public static long exactComputeCycles(SystolicConfig cfg, LayerShape s) {
        return (long) s.groups() * s.n() * exactComputeCycles(cfg.rows(), cfg.cols(), cfg.dataflow(), s.outH() * s.outW(), s.gemmN(), s.gemmK());
    }

    /** The analytical estimate of a layer: the larger of SCALE-Sim's stall-free cycles and its memory bound. */
    public static Estimate estimate(SystolicConfig cfg, LayerShape s, int operandBytes) {
        long compute = exactComputeCycles(cfg, s);
        long offchip = offchipBytes(cfg, s, operandBytes);
        long memory = (long) s.groups() * s.n() * memoryBoundCycles(cfg.scaleSim(), s.outH() * s.outW(), s.gemmN(), s.gemmK());
        return new Estimate(compute, offchip, Math.max(compute, memory));
    }

    /**
     * The cycles SCALE-Sim's SRAMs need to move one GEMM's operands, whatever the array does. A read
     * SRAM of S words keeps a window of about 50 lines of {@code ceil(S/100)} words of its operand
     * and, when the array asks for a word past the window, slides the window 50 lines on, fetching
     * half the SRAM in {@code ceil(S/2 / bandwidth) + 1} cycles, one fetch after the other; an
     * operand that fits the active half is fetched once before the layer starts. The window only
     * moves forward around the operand: the operand is walked once per fold of the other spatial
     * dimension (ifmap: once per column fold for OS/WS; filter: once per column fold for IS), and
     * OS re-reads each column fold's filter block once per row fold, which costs a trip round the
     * whole operand when the block is larger than the window. The ofmap SRAM drains M x N words at
     * its bandwidth. In SCALE-Sim's CALC mode reads never stall and the ofmap drains {@code cols}
     * words per cycle. Ignored: stalls where a burst of demand outruns the fetches although the
     * layer as a whole does not, and the trips round an operand that window boundaries between
     * folds cause (WS/IS load their stationary block bottom row first), which dominate when the
     * SRAMs are small.
     */
    public static long memoryBoundCycles(org.dlas.accel.systolic.scalesim.ScaleSimConfig cfg, int m, int n, int k) {
        Dataflow d = cfg.dataflow();
        long colFolds = ceil(d.spatialCols(m, n, k), cfg.cols());
        long outputs = (long) m * n;
        if (!cfg.userBandwidth()) return ceil(outputs, cfg.cols());
        long ifmap = prefetchCycles(cfg.words(cfg.ifmapKb()), cfg.ifmapBandwidth(), (long) m * k, d == Dataflow.IS ? 1 : colFolds, 0, 0);
        long rowFolds = ceil(d.spatialRows(m, n, k), cfg.rows());
        long filter = d == Dataflow.OS
                ? prefetchCycles(cfg.words(cfg.filterKb()), cfg.filterBandwidth(), (long) k * n, 1, (long) k * cfg.cols(), colFolds * (rowFolds - 1))
                : prefetchCycles(cfg.words(cfg.filterKb()), cfg.filterBandwidth(), (long) k * n, d == Dataflow.IS ? colFolds : 1, 0, 0);
        return Math.max(Math.max(ifmap, filter), ceil(outputs, cfg.ofmapBandwidth()));
    }

    /**
     * Fetch cycles of an operand walked {@code passes} times and re-reading a block of
     * {@code blockWords} {@code rereads} times: a block larger than the window costs a trip round the operand.
     */
    private static long prefetchCycles(long sramWords, long bandwidth, long operandWords, long passes, long blockWords, long rereads) {
        long perLine = ceil(sramWords, 100), active = ceil(sramWords, 2), prefetch = sramWords - active;
        long lines = operandWords / perLine + 1;
        long activeLines = Math.min(lines, ceil(active, perLine)), prefetchLines = Math.min(lines - activeLines, ceil(prefetch, perLine));
        if (prefetchLines <= 0) return 0;
        long trips = blockWords / perLine > activeLines ? rereads : 0;
        long slides = ceil((passes + trips) * lines - activeLines, prefetchLines);
        return slides * (ceil(prefetch, bandwidth) + 1);
    }

    /** DRAM bytes of a layer ({@link MemoryModel}); outputs are written back at operand precision. */
    public static long offchipBytes(SystolicConfig cfg, LayerShape s, int operandBytes) {
        return cfg.memory().offchipBytes(s.inputElements() * operandBytes, s.weightElements() * operandBytes, s.outputElements() * operandBytes);
    }

    /** Multiplier utilisation of a stall-free run: MACs / (R * C * cycles). */
    public static double utilisation(int r, int c, Dataflow d, int m, int n, int k) {
        return (double) m * n * k / ((double) r * c * exactComputeCycles(r, c, d, m, n, k));
    }

    static long ceil(long a, long b) { return MemoryModel.ceilDiv(a, b); }
}
