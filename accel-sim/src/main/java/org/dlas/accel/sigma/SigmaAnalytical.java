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
        long compute = computeCycles(cfg, s, weightDensity, inputDensity);
        long offchip = offchipBytes(cfg, s, weightDensity, inputDensity, operandBytes);
        return new Estimate(compute, offchip, cfg.memory().cycles(compute, offchip));
    }

    private static double clamp(double d) { return Math.max(0, Math.min(1, d)); }
}
