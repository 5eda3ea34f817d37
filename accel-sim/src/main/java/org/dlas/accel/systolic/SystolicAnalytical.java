package org.dlas.accel.systolic;

import org.dlas.accel.Estimate;
import org.dlas.accel.LayerShape;
import org.dlas.accel.MemoryModel;

/**
 * Closed-form cycle counts of the systolic array (public: the tuner screens configurations with them).
 *
 * <p>A GEMM {@code M x N x K} maps to spatial rows S_R, spatial columns S_C and a temporal length T
 * ({@link Dataflow}). It is cut into folds of at most {@code R x C}; a fold occupying
 * {@code s_r x s_c} PEs takes
 * <pre>  fold(s_r, s_c) = s_r + s_c + T + R - 2  cycles</pre>
 * OS: the skewed wavefront needs T + s_r + s_c - 2 cycles until PE(s_r-1, s_c-1) does its last MAC,
 * then the outputs drain down the R rows of the array (R cycles). WS/IS: s_r cycles preload the
 * stationary operand down the columns, then the streamed operand enters skewed and the last partial
 * sum leaves the bottom row R-1 after T + R + s_c - 2 cycles. Folds do not overlap. Summed over the
 * {@code F = ceil(S_R/R) * ceil(S_C/C)} folds:
 * <pre>  exact = F * (T + R - 2) + ceil(S_C/C) * S_R + ceil(S_R/R) * S_C</pre>
 * which for shapes that divide the array is SCALE-Sim's textbook {@code F * (2R + C + T - 2)}.
 * {@link #exactComputeCycles} is that sum (the cycle-level model must match it exactly);
 * {@link #textbookComputeCycles} applies the textbook per-fold cost to every fold, edge folds
 * included, and is the analytical estimate reported against the cycle-level model. Grouped
 * convolutions are {@code groups} separate GEMMs.
 */
public final class SystolicAnalytical {
    private SystolicAnalytical() { }

    /** Cycles of one fold occupying {@code sr x sc} PEs of an array with {@code arrayRows} rows. */
    public static long foldCycles(int arrayRows, int sr, int sc, int t) {
        return (long) sr + sc + t + arrayRows - 2;
    }

    /** The exact compute cycles of one GEMM M x N x K on an R x C array (what the cycle-level model does). */
    public static long exactComputeCycles(int r, int c, Dataflow d, int m, int n, int k) {
        int sR = d.spatialRows(m, n, k), sC = d.spatialCols(m, n, k), t = d.temporal(m, n, k);
        long rowFolds = ceil(sR, r), colFolds = ceil(sC, c);
        return rowFolds * colFolds * ((long) t + r - 2) + colFolds * sR + rowFolds * sC;
    }

    /** SCALE-Sim's textbook count: ceil(S_R/R) * ceil(S_C/C) * (2R + C + T - 2). */
    public static long textbookComputeCycles(int r, int c, Dataflow d, int m, int n, int k) {
        int sR = d.spatialRows(m, n, k), sC = d.spatialCols(m, n, k), t = d.temporal(m, n, k);
        return ceil(sR, r) * ceil(sC, c) * (2L * r + c + t - 2);
    }

    /** Exact compute cycles of a whole layer (all groups). */
    public static long exactComputeCycles(SystolicConfig cfg, LayerShape s) {
        return s.groups() * exactComputeCycles(cfg.rows(), cfg.cols(), cfg.dataflow(), s.gemmM(), s.gemmN(), s.gemmK());
    }

    /** The analytical estimate of a layer: textbook compute cycles, then the DRAM roofline. */
    public static Estimate estimate(SystolicConfig cfg, LayerShape s, int operandBytes) {
        long compute = s.groups() * textbookComputeCycles(cfg.rows(), cfg.cols(), cfg.dataflow(), s.gemmM(), s.gemmN(), s.gemmK());
        long offchip = offchipBytes(cfg, s, operandBytes);
        return new Estimate(compute, offchip, cfg.memory().cycles(compute, offchip));
    }

    /** DRAM bytes of a layer ({@link MemoryModel}); outputs are written back at operand precision. */
    public static long offchipBytes(SystolicConfig cfg, LayerShape s, int operandBytes) {
        return cfg.memory().offchipBytes(s.inputElements() * operandBytes, s.weightElements() * operandBytes, s.outputElements() * operandBytes);
    }

    /** Multiplier utilisation of a fold-exact run: MACs / (R * C * cycles). */
    public static double utilisation(int r, int c, Dataflow d, int m, int n, int k) {
        return (double) m * n * k / ((double) r * c * exactComputeCycles(r, c, d, m, n, k));
    }

    static long ceil(long a, long b) { return MemoryModel.ceilDiv(a, b); }
}
