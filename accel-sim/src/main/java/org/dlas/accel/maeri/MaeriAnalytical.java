package org.dlas.accel.maeri;

import static org.dlas.accel.MemoryModel.ceilDiv;

import org.dlas.accel.Estimate;
import org.dlas.accel.LayerShape;

/**
 * Closed-form cycles of a MAERI mapping (public: the tuner screens mappings with it; the
 * automatic mapper picks the mapping it ranks first).
 *
 * <pre>
 * weight tiles  = ceil(G/T_G) ceil(K/T_K) ceil(C/T_C) ceil(R/T_R) ceil(S/T_S)     (K, C per group)
 * steps / tile  = ceil(N/T_N) ceil(X'/T_X') ceil(Y'/T_Y')
 * footprint     H_f = (T_X'-1) stride + T_R  (T_X' T_R if stride > T_R);  W_f likewise with T_Y', T_S
 * deliveries    d_full = T_N T_G T_C H_f W_f                      (multicast: one copy per distinct input)
 *               d_fwd  = T_N T_G T_C H_f   when T_Y' = 1, stride 1, T_S > 1: sliding one column, the
 *                        forwarding links pass T_S-1 columns to the neighbouring switch; only one is new
 * results       o = T_N T_G T_K T_X' T_Y'
 * step          = max(1, ceil(d / dn_bw), ceil(o / rn_bw))       (first step of an output row: d_full)
 * tile          = ceil(T_G T_K T_C T_R T_S / dn_bw) + log2(ms) - 1 + steps   (weights in, first step's
 *                 inputs right behind them through the log2(ms) tree levels, then one step after another)
 * cycles        = tiles * tile + 1 + log2(ms) + ceil(o / rn_bw)   (last results through the ART)
 * </pre>
 * It assumes full tiles everywhere and ignores the overlap of a tile's first deliveries with its
 * weight load; the cycle-level model ({@link MaeriSimulator}) counts both, hence the error it
 * reports.
 */
public final class MaeriAnalytical {
    private MaeriAnalytical() { }

    public static long computeCycles(MaeriConfig cfg, LayerShape s, MaeriMapping m) {
        int dn = cfg.dnBw(), rn = cfg.rnBw();
        long tiles = ceilDiv(s.groups(), m.tG()) * ceilDiv(s.kg(), m.tK()) * ceilDiv(s.cg(), m.tC())
                * ceilDiv(s.kernelH(), m.tR()) * ceilDiv(s.kernelW(), m.tS());
        long rowsOfSteps = ceilDiv(s.n(), m.tN()) * ceilDiv(s.outH(), m.tX());
        long stepsPerRow = ceilDiv(s.outW(), m.tY());
        long hf = footprint(m.tX(), s.spec().strideH(), m.tR());
        long wf = footprint(m.tY(), s.spec().strideW(), m.tS());
        long dFull = (long) m.tN() * m.tG() * m.tC() * hf * wf;
        boolean forwards = m.tY() == 1 && s.spec().strideW() == 1 && m.tS() > 1;
        long dNext = forwards ? (long) m.tN() * m.tG() * m.tC() * hf : dFull;
        long o = m.vns();
        long first = Math.max(1, Math.max(ceilDiv(dFull, dn), ceilDiv(o, rn)));
        long next = Math.max(1, Math.max(ceilDiv(dNext, dn), ceilDiv(o, rn)));
        long weights = (long) m.tG() * m.tK() * m.tC() * m.tR() * m.tS();
        long tile = ceilDiv(weights, dn) + cfg.dnLevels() - 1 + rowsOfSteps * (first + (stepsPerRow - 1) * next);
        return tiles * tile + 1 + cfg.rnLevels() + ceilDiv(o, rn);
    }

    /**
     * Closed-form estimate of STONNE's MAERI cycles ({@link StonneMaeriTiming#estimate}: per filter tile
     * the slowest of the controller, the busiest read port and the busiest bus line, plus the drain);
     * layers STONNE cannot express and tiles that do not fit (the search's hard constraints price those)
     * fall back to {@link #computeCycles}.
     */
    public static long stonneComputeCycles(MaeriConfig cfg, LayerShape s, MaeriMapping m) {
        StonneMaeriLayer l = StonneMaeriLayer.of(s, m);
        boolean fits = l != null && (long) l.vns() * l.tR() * l.tS() * l.tC() <= cfg.multipliers();
        return !fits ? computeCycles(cfg, s, m) : new StonneMaeriTiming(cfg.multipliers(), cfg.dnBw(), cfg.rnBw(), true).estimate(l);
    }

    /** Distinct input rows (or columns) t outputs at stride st read through a kernel tile of k. */
    static long footprint(int t, int st, int k) {
        return st <= k ? (long) (t - 1) * st + k : (long) t * k;
    }

    /** Off-chip bytes of a layer ({@link org.dlas.accel.MemoryModel}). */
    public static long offchipBytes(MaeriConfig cfg, LayerShape s, int operandBytes) {
        return cfg.memory().offchipBytes(s.inputElements() * operandBytes, s.weightElements() * operandBytes, s.outputElements() * operandBytes);
    }

    public static Estimate estimate(MaeriConfig cfg, LayerShape s, MaeriMapping m, int operandBytes) {
        return estimate(cfg, s, m, operandBytes, false);
    }

    /**
     * As above; with {@code stonneTiming} the compute cycles estimate STONNE's timing (the {@code maeri}
     * target's default, accumulation buffer on) instead of the pipeline model's.
     */
    public static Estimate estimate(MaeriConfig cfg, LayerShape s, MaeriMapping m, int operandBytes, boolean stonneTiming) {
        long compute = stonneTiming ? stonneComputeCycles(cfg, s, m) : computeCycles(cfg, s, m);
        long offchip = offchipBytes(cfg, s, operandBytes);
        return new Estimate(compute, offchip, cfg.memory().cycles(compute, offchip));
    }

    /** Utilisation the estimate implies: MACs / (multipliers * cycles). */
    public static double utilisation(MaeriConfig cfg, LayerShape s, MaeriMapping m) {
        return (double) s.macs() / ((double) cfg.multipliers() * computeCycles(cfg, s, m));
    }
}
