package org.dlas.accel.sigma;

import static org.dlas.accel.MemoryModel.ceilDiv;

import org.dlas.accel.Estimate;
import org.dlas.accel.LayerShape;

/**
 * Closed-form cycles of SIGMA on a layer with given weight and activation densities (public: the
 * tuner screens configurations with it). Per group, with L = C/G * R * S, P = N * X' * Y' output
 * pixels, K filters, d_w and d_x the densities (1 in dense mode):
 * <pre>
 * nnz     = d_w K L           stationary non-zeros
 * folds   = ceil(nnz / ms)    (perfect packing; the model packs whole rows and splits long ones)
 * F       = nnz / folds       non-zeros per fold;  rows per fold  r = F / (d_w L)
 * copies  = min(P, max(1, floor(ms / F)))   the fold is replicated to stream several pixels at once
 * deliver = copies * L (1 - (1 - d_w)^r) d_x   distinct non-zero inputs the fold's rows read per pixel
 * results = copies * ceil(r)
 * step    = max(1, ceil(deliver / dn_bw), ceil(results / rn_bw))
 * fold    = ceil(F / dn_bw) + (2 log2 ms - 1) - 1 + ceil(P / copies) * step
 * cycles  = G * folds * fold + 1 + log2(ms) + ceil(results / rn_bw)
 * </pre>
 */
public final class SigmaAnalytical {
    private SigmaAnalytical() { }

    public static long computeCycles(SigmaConfig cfg, LayerShape s, double weightDensity, double inputDensity) {
        double dw = cfg.sparse() ? clamp(weightDensity) : 1, dx = cfg.sparse() ? clamp(inputDensity) : 1;
        int ms = cfg.multipliers();
        long l = s.gemmK(), k = s.gemmN(), p = s.gemmM();
        long nnz = Math.max(1, Math.round(dw * k * l));
        long folds = ceilDiv(nnz, ms);
        double f = (double) nnz / folds;
        double rowNnz = Math.max(1, dw * l);
        double rows = f / rowNnz;
        long copies = Math.min(p, Math.max(1, (long) Math.floor(ms / f)));
        double distinct = Math.min(f, l * (1 - Math.pow(1 - dw, rows)));
        long deliver = (long) Math.ceil(copies * distinct * dx);
        long results = copies * (long) Math.ceil(rows);
        long step = Math.max(1, Math.max(ceilDiv(deliver, cfg.dnBw()), ceilDiv(results, cfg.rnBw())));
        long fold = ceilDiv((long) Math.ceil(f), cfg.dnBw()) + cfg.benes().latency() - 1 + ceilDiv(p, copies) * step;
        return s.groups() * folds * fold + 1 + cfg.fanLevels() + ceilDiv(results, cfg.rnBw());
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
