package org.dlas.accel.systolic;

import org.dlas.accel.Accelerator;
import org.dlas.accel.Actions;
import org.dlas.accel.ConvLayer;
import org.dlas.accel.Estimate;
import org.dlas.accel.LayerResult;
import org.dlas.accel.LayerShape;
import org.dlas.accel.LayerStats;
import org.dlas.accel.Precision;
import org.dlas.accel.systolic.scalesim.ScaleSimLayer;
import org.dlas.accel.systolic.scalesim.ScaleSimReport;
import org.dlas.accel.systolic.scalesim.ScaleSimulator;

/**
 * Cycle-level model of an R x C systolic array: register-transfer level for the values, SCALE-Sim
 * v2's timing for the cycles. The layer is lowered to GEMM per group (im2col from the padded input
 * buffer) and cut into folds of at most R x C PEs. In each cycle every PE in the active wavefront
 * takes the streamed operand from its left neighbour's register and the other operand (OS) or
 * partial sum (WS/IS) from its upper neighbour's register, multiplies, adds and latches; the array
 * edges take new operands from the SRAMs, skewed by one cycle per row/column. PEs outside the
 * wavefront hold no valid operand and are not visited. WS/IS partial sums enter the top of each
 * column from the ofmap buffer when the reduction spans several folds, so every output is summed in
 * k order, exactly like the reference loop (fp32 results equal the direct kernel's bit for bit; int8
 * exactly).
 *
 * <p>Cycles, stalls and DRAM traffic are SCALE-Sim's ({@link ScaleSimulator}): the same folds
 * replayed as demand on double-buffered ifmap/filter/ofmap SRAMs fed at {@code dram_bw} words per
 * cycle (SCALE-Sim's USER bandwidth; words of SCALE-Sim's fixed 1 byte, whatever the datapath),
 * so a layer's figures are those SCALE-Sim reports for it; DRAM bytes are SCALE-Sim's words at the
 * layer's operand size. The layer enters SCALE-Sim as its padded input cropped to the windows
 * used, one group and one image at a time.
 *
 * <p>Zeros are multiplied like any value: the array gains nothing from sparsity.
 */
public final class SystolicArray implements Accelerator {
    private final SystolicConfig cfg;
    /** SCALE-Sim's timing depends on the shape only, not on the values: one run per shape. */
    private final java.util.Map<LayerShape, ScaleSimReport> timings = new java.util.concurrent.ConcurrentHashMap<>();

    public SystolicArray(SystolicConfig cfg) {
        this.cfg = cfg;
    }

    public SystolicConfig config() { return cfg; }

    @Override public String name() { return "systolic"; }
    @Override public String describe() { return cfg.label(); }
    @Override public int multipliers() { return cfg.rows() * cfg.cols(); }
    @Override public double clockMhz() { return cfg.clockMhz(); }
    @Override public boolean skipsZeros() { return false; }

    @Override public Estimate estimate(LayerShape shape, Precision p, double weightDensity, double inputDensity) {
        return SystolicAnalytical.estimate(cfg, shape, p.operandBytes());
    }

    @Override public double areaMm2(Precision p) {
        long pes = (long) cfg.rows() * cfg.cols();
        // each PE: a multiplier, an adder, two operand registers and an accumulator
        return cfg.costs().areaMm2(p, pes, pes, pes * (2L * p.operandBytes() + p.accumulatorBytes()), 0,
                cfg.ifmapKb() + cfg.filterKb() + cfg.ofmapKb());
    }

    @Override public LayerResult run(ConvLayer layer) {
        LayerShape s = layer.shape();
        Precision p = layer.precision();
        boolean fp32 = layer.fp32();
        int m = s.gemmM(), n = s.gemmN(), k = s.gemmK();
        int ob = p.operandBytes(), ab = p.accumulatorBytes();
        double[] in = layer.paddedInput();
        double[] w = layer.weights();
        int[] tap = layer.tapOffsets();
        int oh = s.outH(), ow = s.outW(), plane = oh * ow, kOut = s.outChannels();
        double[] out = new double[(int) s.outputElements()];
        Run run = new Run(cfg.rows(), cfg.cols());
        Actions.Counter act = new Actions.Counter();
        for (int g = 0; g < s.groups(); g++) {
            int[] base = layer.windowBases(g);
            double[] a = new double[m * k]; // im2col: A[m][k]
            for (int i = 0; i < m; i++) {
                int b = base[i], row = i * k;
                for (int j = 0; j < k; j++) a[row + j] = in[b + tap[j]];
            }
            double[] o = new double[m * n];
            int wOff = g * n * k; // B^T[n][k] = weights of filter g*N + n, contiguous
            switch (cfg.dataflow()) {
                case OS -> outputStationary(a, w, wOff, o, m, n, k, fp32, run, act, ob, ab);
                case WS -> stationary(w, wOff, n, a, 0, m, o, n, 1, k, fp32, run, act, ob, ab);
                case IS -> stationary(a, 0, m, w, wOff, n, o, 1, n, k, fp32, run, act, ob, ab);
            }
            for (int i = 0; i < m; i++) {
                int img = i / plane, pix = i % plane;
                for (int j = 0; j < n; j++) out[(img * kOut + g * n + j) * plane + pix] = o[i * n + j];
            }
        }
        if (run.macs != s.macs()) throw new IllegalStateException("systolic model did " + run.macs + " MACs, layer has " + s.macs());
        ScaleSimReport timing = timings.computeIfAbsent(s, x -> timing(cfg, x));
        long copies = (long) s.groups() * s.n(); // identical GEMMs, each simulated from empty SRAMs
        long cycles = timing.totalCycles() * copies, compute = cycles - timing.stallCycles() * copies;
        // SCALE-Sim's words are its default 1 byte; the traffic in bytes is at the layer's precision
        long offchip = (timing.ifmapDram().words() + timing.filterDram().words() + timing.ofmapDram().words()) * copies * ob;
        act.dramBytes += offchip;
        act.multiplies += run.macs;
        act.adds += run.macs;
        Actions actions = act.freeze();
        LayerStats stats = new LayerStats(s, p, multipliers(), cycles, compute, run.macs, compute, run.macs, s.macs(),
                actions, cfg.costs().energyPj(actions, p), SystolicAnalytical.estimate(cfg, s, ob),
                cfg.dataflow().key() + " " + run.folds + " folds of <= " + cfg.rows() + "x" + cfg.cols());
        return new LayerResult(out, stats);
    }

    /** SCALE-Sim's figures for one image and one group of the layer (SCALE-Sim's 1-byte words). */
    public static ScaleSimReport timing(SystolicConfig cfg, LayerShape s) {
        int h = (s.outH() - 1) * s.spec().strideH() + s.kernelH(), w = (s.outW() - 1) * s.spec().strideW() + s.kernelW();
        ScaleSimLayer layer = new ScaleSimLayer("layer", h, w, s.kernelH(), s.kernelW(), s.cg(), s.kg(), s.spec().strideH(), s.spec().strideW());
        return ScaleSimulator.run(cfg.scaleSim(), layer);
    }

    /** Per-run scratch registers and counters. */
    private static final class Run {
        final double[] r1, r2, acc;
        long macs, folds;

        Run(int rows, int cols) {
            r1 = new double[rows * cols];
            r2 = new double[rows * cols];
            acc = new double[rows * cols];
        }
    }

    // ---- output stationary ------------------------------------------------------------------

    private void outputStationary(double[] a, double[] w, int wOff, double[] o, int m, int n, int k, boolean fp32,
                                  Run run, Actions.Counter act, int ob, int ab) {
        int rows = cfg.rows(), cols = cfg.cols();
        double[] at = new double[rows * k], bt = new double[cols * k];
        for (int m0 = 0; m0 < m; m0 += rows) {
            int sr = Math.min(rows, m - m0);
            System.arraycopy(a, m0 * k, at, 0, sr * k);
            for (int n0 = 0; n0 < n; n0 += cols) {
                int sc = Math.min(cols, n - n0);
                System.arraycopy(w, wOff + n0 * k, bt, 0, sc * k);
                osFold(at, bt, k, sr, sc, fp32, run);
                run.folds++;
                for (int i = 0; i < sr; i++) for (int j = 0; j < sc; j++) o[(m0 + i) * n + n0 + j] = run.acc[i * sc + j];
                act.bufferReadBytes += (long) (sr + sc) * k * ob;     // A rows and B columns enter at the edges
                act.bufferWriteBytes += (long) sr * sc * ab;          // drained outputs
                act.registerHopBytes += 2L * sr * sc * k * ob;        // each MAC received one A and one B from a neighbour
            }
        }
    }

    /**
     * One OS fold: PE(i,j) receives A[i][kk] from the left and B[j][kk] from above in cycle
     * t = kk + i + j.
     */
    private static void osFold(double[] at, double[] bt, int t, int sr, int sc, boolean fp32, Run run) {
        double[] aReg = run.r1, bReg = run.r2, acc = run.acc;
        java.util.Arrays.fill(acc, 0, sr * sc, 0);
        long macs = 0;
        int cycle = 0;
        while (true) {
            int iHi = Math.min(sr - 1, cycle), iLo = Math.max(0, cycle - (sc - 1) - (t - 1));
            if (iLo > iHi) break; // no PE holds a valid operand pair any more
            for (int i = iHi; i >= iLo; i--) {
                int jHi = Math.min(sc - 1, cycle - i), jLo = Math.max(0, cycle - i - t + 1);
                int row = i * sc;
                for (int j = jHi; j >= jLo; j--) {
                    int kk = cycle - i - j;
                    double av = j == 0 ? at[i * t + kk] : aReg[row + j - 1];
                    double bv = i == 0 ? bt[j * t + kk] : bReg[row - sc + j];
                    aReg[row + j] = av;
                    bReg[row + j] = bv;
                    acc[row + j] = fp32 ? (float) acc[row + j] + (float) av * (float) bv : acc[row + j] + av * bv;
                }
                macs += jHi - jLo + 1;
            }
            cycle++;
        }
        run.macs += macs;
    }

    // ---- weight / input stationary ----------------------------------------------------------

    /**
     * WS and IS are one schedule with the operands' roles swapped: {@code x} rows of length k of
     * {@code held} stay in the array, fold by fold, while the {@code t} rows of {@code streamed}
     * pass through; the result for (streamed row tau, held row x) is
     * {@code o[tau * tauStride + x * xStride]}.
     */
    private void stationary(double[] held, int heldOff, int x, double[] streamed, int streamedOff, int t,
                            double[] o, int tauStride, int xStride, int k, boolean fp32,
                            Run run, Actions.Counter act, int ob, int ab) {
        int rows = cfg.rows(), cols = cfg.cols();
        double[] stat = new double[rows * cols], stream = new double[t * rows], psum = new double[t * cols];
        for (int x0 = 0; x0 < x; x0 += cols) {
            int sc = Math.min(cols, x - x0);
            for (int k0 = 0; k0 < k; k0 += rows) {
                int sr = Math.min(rows, k - k0);
                for (int i = 0; i < sr; i++) for (int j = 0; j < sc; j++) stat[i * sc + j] = held[heldOff + (x0 + j) * k + k0 + i];
                for (int tau = 0; tau < t; tau++) for (int i = 0; i < sr; i++) stream[tau * sr + i] = streamed[streamedOff + tau * k + k0 + i];
                boolean first = k0 == 0;
                for (int tau = 0; tau < t; tau++) {
                    for (int j = 0; j < sc; j++) psum[tau * sc + j] = first ? 0 : o[tau * tauStride + (x0 + j) * xStride];
                }
                stationaryFold(stat, stream, psum, t, sr, sc, fp32, run);
                for (int tau = 0; tau < t; tau++) for (int j = 0; j < sc; j++) o[tau * tauStride + (x0 + j) * xStride] = psum[tau * sc + j];
                account(run, act, sr, sc, t, first, ob, ab);
            }
        }
    }

    private void account(Run run, Actions.Counter act, int sr, int sc, int t, boolean first, int ob, int ab) {
        int rows = cfg.rows();
        run.folds++;
        act.bufferReadBytes += (long) sr * sc * ob + (long) t * sr * ob + (first ? 0 : (long) t * sc * ab);
        act.bufferWriteBytes += (long) t * sc * ab;
        act.registerHopBytes += (long) sr * sc * t * ob + (long) t * sc * rows * ab + (long) sr * sc * sr * ob / 2;
    }

    /**
     * One WS/IS fold: s_r cycles shift the stationary operands down into place, then the streamed
     * operand L[tau][i] enters row i in cycle s_r + tau + i and moves right; the partial sum for
     * (tau, j) enters PE(0, j) from the buffer ({@code psum}, updated in place) and moves down, so
     * PE(i, j) works on it in cycle tau + i + j of the streaming phase.
     */
    private static void stationaryFold(double[] stat, double[] stream, double[] psum, int t, int sr, int sc, boolean fp32, Run run) {
        double[] aReg = run.r1, pReg = run.r2;
        long macs = 0;
        int cycle = 0;
        while (true) {
            int iHi = Math.min(sr - 1, cycle), iLo = Math.max(0, cycle - (sc - 1) - (t - 1));
            if (iLo > iHi) break;
            for (int i = iHi; i >= iLo; i--) {
                int jHi = Math.min(sc - 1, cycle - i), jLo = Math.max(0, cycle - i - t + 1);
                int row = i * sc;
                for (int j = jHi; j >= jLo; j--) {
                    int tau = cycle - i - j;
                    double av = j == 0 ? stream[tau * sr + i] : aReg[row + j - 1];
                    double pin = i == 0 ? psum[tau * sc + j] : pReg[row - sc + j];
                    double wv = stat[row + j];
                    double pv = fp32 ? (float) pin + (float) av * (float) wv : pin + av * wv;
                    aReg[row + j] = av;
                    pReg[row + j] = pv;
                    if (i == sr - 1) psum[tau * sc + j] = pv; // leaves the fold's last row
                }
                macs += jHi - jLo + 1;
            }
            cycle++;
        }
        run.macs += macs;
    }
}
