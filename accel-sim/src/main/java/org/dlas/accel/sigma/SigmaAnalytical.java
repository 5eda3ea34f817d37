package org.dlas.accel.sigma;

import static org.dlas.accel.MemoryModel.ceilDiv;

import org.dlas.accel.Estimate;
import org.dlas.accel.LayerShape;

/**
 * Closed-form cycles of SIGMA on a layer with given weight and activation densities (public: the
 * tuner screens configurations with it). Per group, with L = C/G * R * S, P = N * X' * Y' output
 * pixels, K filters, d_w and d_x the densities (1 in dense mode):
 * <pre>
 * nnz     = d_w K L           stationary non-zeros, packed row after row into floor(nnz / ms) full
 *                             folds of F = ms and one last fold of F = nnz mod ms (rows split at fold ends)
 * per fold of F non-zeros:    rows r = F / (d_w L)
 * copies  = min(P, max(1, floor(ms / F)))   the fold is replicated to stream several pixels at once
 * deliver = copies * L (1 - (1 - d_w)^r) d_x   distinct non-zero inputs the fold's rows read per pixel
 * results = copies * ceil(r)
 * step    = max(1, deliver / dn_bw, ceil(results / rn_bw))   (deliveries vary per pixel: their mean, not rounded up)
 * fold    = ceil(F / dn_bw) + (2 log2 ms - 1) - 1 + ceil(P / copies) * step
 * cycles  = ceil(G * sum of folds) + 1 + log2(ms) + ceil(results of the last fold / rn_bw)
 * </pre>
 */
public final class SigmaAnalytical {
    private SigmaAnalytical() { }

    public static long computeCycles(SigmaConfig cfg, LayerShape s, double weightDensity, double inputDensity) {
        double dw = cfg.sparse() ? clamp(weightDensity) : 1, dx = cfg.sparse() ? clamp(inputDensity) : 1;
        int ms = cfg.multipliers();
        long l = s.gemmK(), k = s.gemmN(), p = s.gemmM();
        long nnz = Math.max(1, Math.round(dw * k * l));
        double rowNnz = Math.max(1, dw * l);
        long full = nnz / ms, rem = nnz % ms;
        double[] last = new double[1];
        double cycles = full * fold(cfg, ms, rowNnz, dw, dx, l, p, last);
        if (rem > 0) cycles += fold(cfg, rem, rowNnz, dw, dx, l, p, last);
        return (long) Math.ceil(s.groups() * cycles) + 1 + cfg.fanLevels() + ceilDiv((long) last[0], cfg.rnBw());
    }

    /**
     * Closed-form estimate of STONNE's SparseGEMM timing as the {@code sigma} target uses it (filters
     * stationary, {@link StonneSigmaTiming}). Per group, with L = C/G R S, P output pixels and K filters:
     * a filter row keeps max(3, d_w L) multipliers (STONNE's bitmap gives every stationary vector at
     * least three); whole rows are packed per fill (rows longer than the array fold, each later fold
     * spending a multiplier on the partial sum). A fill costs a configuring and a queueing cycle, the
     * busiest read port's share of the fill's non-zeros, one streaming vector per cycle-step and the drain
     * through the adder tree, bus and write FIFO. A streaming vector's step is the busiest port's
     * packets (one per distinct K index among the port's num_ms/dn_bw multipliers: streamed zeros are
     * sent too) or the busiest bus line's results, whichever is larger.
     */
    public static long stonneComputeCycles(SigmaConfig cfg, LayerShape s, double weightDensity) {
        int ms = cfg.multipliers(), perPort = (int) ceilDiv(ms, cfg.dnBw());
        double dw = cfg.sparse() ? clamp(weightDensity) : 1;
        long l = s.gemmK(), k = s.gemmN(), p = s.gemmM();
        long rowNnz = Math.min(l, Math.max(Math.min(3, l), Math.round(dw * l)));
        long fills, rowsPerFill, used;
        if (rowNnz <= ms) {
            rowsPerFill = ms / rowNnz;
            fills = ceilDiv(k, rowsPerFill);
            used = Math.min(k, rowsPerFill) * rowNnz;
        } else {
            rowsPerFill = 1;
            fills = k * (1 + ceilDiv(rowNnz - ms, ms - 1));
            used = ms;
        }
        double rowShare = (double) rowNnz / l; // chance a row holds a given K index
        double rowsInPort = Math.max(1, (double) Math.min(perPort, used) / rowNnz);
        double distinct = Math.min(Math.min(perPort, used), l * (1 - Math.pow(1 - rowShare, rowsInPort)));
        double step = Math.max(1, Math.max(distinct, Math.ceil((double) Math.min(k, rowsPerFill) / cfg.rnBw())));
        long drain = 64 - Long.numberOfLeadingZeros(Math.max(1, Math.min(rowNnz, ms) - 1)) + 4;
        double fill = 2 + Math.min(perPort, used) + p * step + drain;
        return (long) Math.ceil(s.groups() * fills * fill);
    }

    /** Cycles of one fold of {@code f} non-zeros; {@code results[0]} gets the results of its steps. */
    private static double fold(SigmaConfig cfg, long f, double rowNnz, double dw, double dx, long l, long p, double[] results) {
        double rows = f / rowNnz;
        long copies = Math.min(p, Math.max(1, cfg.multipliers() / f));
        double distinct = Math.min(f, l * (1 - Math.pow(1 - dw, rows)));
        double deliver = copies * distinct * dx;
        long res = copies * (long) Math.ceil(rows);
        results[0] = res;
        // expected deliveries per step: not rounded up, since the count varies from pixel to pixel
        double step = Math.max(1, Math.max(deliver / cfg.dnBw(), ceilDiv(res, cfg.rnBw())));
        return ceilDiv(f, cfg.dnBw()) + cfg.benes().latency() - 1 + ceilDiv(p, copies) * step;
    }

    /** Off-chip bytes: bitmap-compressed input and weights in sparse mode (values + 1 bit per element). */
    public static long offchipBytes(SigmaConfig cfg, LayerShape s, double weightDensity, double inputDensity, int operandBytes) {
        long in = s.inputElements(), w = s.weightElements();
        long inBytes = cfg.sparse() ? Math.round(in * clamp(inputDensity)) * operandBytes + ceilDiv(in, 8) : in * operandBytes;
        long wBytes = cfg.sparse() ? Math.round(w * clamp(weightDensity)) * operandBytes + ceilDiv(w, 8) : w * operandBytes;
        return cfg.memory().offchipBytes(inBytes, wBytes, s.outputElements() * operandBytes);
    }

    public static Estimate estimate(SigmaConfig cfg, LayerShape s, double weightDensity, double inputDensity, int operandBytes) {
        return estimate(cfg, s, weightDensity, inputDensity, operandBytes, false);
    }

    /** As above; with {@code stonneTiming} the compute cycles estimate STONNE's SparseGEMM timing ({@link #stonneComputeCycles}). */
    public static Estimate estimate(SigmaConfig cfg, LayerShape s, double weightDensity, double inputDensity, int operandBytes, boolean stonneTiming) {
        long compute = stonneTiming ? stonneComputeCycles(cfg, s, weightDensity) : computeCycles(cfg, s, weightDensity, inputDensity);
        long offchip = offchipBytes(cfg, s, weightDensity, inputDensity, operandBytes);
        return new Estimate(compute, offchip, cfg.memory().cycles(compute, offchip));
    }

    private static double clamp(double d) { return Math.max(0, Math.min(1, d)); }
}
