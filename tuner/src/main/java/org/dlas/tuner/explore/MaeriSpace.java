package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.dlas.accel.Actions;
import org.dlas.accel.LayerShape;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.Precision;
import org.dlas.accel.maeri.MaeriAnalytical;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriMapping;
import org.dlas.accel.maeri.MaeriSimulator;

/**
 * The MAERI design space and its analytical cost model: hardware options (multipliers, dn_bw,
 * rn_bw, global buffer), per-layer tile candidates, the hard constraints and the objective.
 *
 * <p>Hard constraints (a violation amount each, 0 when satisfied): every mapping valid per
 * {@link MaeriMapping#validate} (its tile product at most the multipliers; tiles never exceed their
 * loop because the candidates do not), dn_bw and rn_bw at most the multipliers, area at most the
 * budget, and the buffer capacity (a weight tile fits in the weight half of the global buffer and a
 * step's input footprint in the input half).
 *
 * <p>Objective per image (fp32 datapath, batch 1): cycles = the analytical estimate with the DRAM
 * roofline ({@link MaeriAnalytical#estimate}), energy = the cost table applied to action counts
 * derived from the same closed form (the counts the cycle-level model makes, for full tiles), edp =
 * energy (nJ) x cycles, all summed over the conv/dense layers.
 */
public final class MaeriSpace extends ModelLayerSpace {
    public static final Precision PRECISION = Precision.FP32;

    private final List<Integer> multipliers, dnBw, rnBw, gbKb;
    private final List<List<List<Integer>>> tiles; // layer -> dim (8) -> candidates
    private final String objective;

    public MaeriSpace(List<String> names, List<LayerShape> layers, List<Integer> multipliers, List<Integer> dnBw, List<Integer> rnBw,
                      List<Integer> gbKb, int maxTileOptions, String objective, double areaBudget) {
        super(names, layers, areaBudget);
        this.multipliers = List.copyOf(multipliers);
        this.dnBw = List.copyOf(dnBw);
        this.rnBw = List.copyOf(rnBw);
        this.gbKb = List.copyOf(gbKb);
        this.objective = objective;
        int maxMs = multipliers.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<List<List<Integer>>> t = new ArrayList<>();
        for (LayerShape s : layers) {
            int[] dims = dims(s);
            List<List<Integer>> per = new ArrayList<>();
            for (int d : dims) per.add(candidates(d, maxMs, maxTileOptions));
            t.add(per);
        }
        this.tiles = t;
    }

    /** The default MAERI space: multipliers {16..256}, dn/rn bandwidth {4..64}, buffer {32, 64, 108, 256} KiB. */
    public static MaeriSpace standard(List<String> names, List<LayerShape> layers, String objective, double areaBudget) {
        return new MaeriSpace(names, layers, List.of(16, 32, 64, 128, 256), List.of(4, 8, 16, 32, 64), List.of(4, 8, 16, 32, 64),
                List.of(32, 64, 108, 256), Integer.MAX_VALUE, objective, areaBudget);
    }

    static int[] dims(LayerShape s) {
        return new int[] {s.kernelH(), s.kernelW(), s.cg(), s.kg(), s.groups(), s.n(), s.outH(), s.outW()};
    }

    /** Powers of two below dim, dim's divisors and dim itself, at most max; thinned to at most {@code limit} values (1 and the largest kept). */
    static List<Integer> candidates(int dim, int max, int limit) {
        TreeSet<Integer> c = new TreeSet<>();
        for (int p = 1; p < dim && p <= max; p *= 2) c.add(p);
        for (int d = 1; d <= dim && d <= max; d++) if (dim % d == 0) c.add(d);
        if (dim <= max) c.add(dim);
        List<Integer> l = new ArrayList<>(c);
        if (l.size() <= limit) return l;
        List<Integer> thin = new ArrayList<>();
        for (int i = 0; i < limit; i++) thin.add(l.get((int) Math.round((double) i * (l.size() - 1) / (limit - 1))));
        return List.copyOf(new TreeSet<>(thin));
    }

    public List<Integer> multipliers() { return multipliers; }
    public List<Integer> dnBw() { return dnBw; }
    public List<Integer> rnBw() { return rnBw; }
    public List<Integer> gbKb() { return gbKb; }
    public List<Integer> tiles(int layer, int dim) { return tiles.get(layer).get(dim); }
    public String objective() { return objective; }

    /** Number of designs (hardware x mappings) in the space, saturating at Long.MAX_VALUE; mappings counted before the product constraint. */
    public double size() {
        double n = (double) multipliers.size() * dnBw.size() * rnBw.size() * gbKb.size();
        for (List<List<Integer>> l : tiles) for (List<Integer> d : l) n *= d.size();
        return n;
    }

    public MaeriConfig config(int ms, int dn, int rn, int gb) {
        return new MaeriConfig(ms, Math.min(dn, ms), Math.min(rn, ms), gb, 32, 200, costs);
    }

    public double areaMm2(MaeriConfig cfg) { return new MaeriSimulator(cfg).areaMm2(PRECISION); }

    /** Hardware violation: bandwidths above the multipliers, area over budget (in 0.001 mm^2). */
    public long hardwareViolation(int ms, int dn, int rn, int gb) {
        long v = Math.max(0, dn - ms) + Math.max(0, rn - ms);
        double over = areaMm2(config(ms, dn, rn, gb)) - areaBudget();
        if (over > 0) v += (long) Math.ceil(over * 1000);
        return v;
    }

    /** Mapping violation on a layer: excess multipliers, tiles above their loop, buffer overflow (bytes / 64). */
    public long mappingViolation(MaeriConfig cfg, LayerShape s, MaeriMapping m) {
        long v = Math.max(0, m.multipliersUsed() - cfg.multipliers());
        int[] d = dims(s);
        int[] t = {m.tR(), m.tS(), m.tC(), m.tK(), m.tG(), m.tN(), m.tX(), m.tY()};
        for (int i = 0; i < 8; i++) v += Math.max(0, t[i] - d[i]) + Math.max(0, 1 - t[i]);
        long half = cfg.gbKb() * 512L;
        int ob = PRECISION.operandBytes();
        long weightBytes = (long) m.tG() * m.tK() * m.tC() * m.tR() * m.tS() * ob;
        long inputBytes = (long) m.tN() * m.tG() * m.tC() * footprint(m.tX(), s.spec().strideH(), m.tR()) * footprint(m.tY(), s.spec().strideW(), m.tS()) * ob;
        v += (Math.max(0, weightBytes - half) + Math.max(0, inputBytes - half) + 63) / 64;
        return v;
    }

    static long footprint(int t, int st, int k) { return st <= k ? (long) (t - 1) * st + k : (long) t * k; }

    /** Analytical cycles of a layer (compute with the DRAM roofline). */
    public long cycles(MaeriConfig cfg, LayerShape s, MaeriMapping m) {
        return MaeriAnalytical.estimate(cfg, s, m, PRECISION.operandBytes()).cycles();
    }

    /** Analytical energy of a layer in pJ: the cycle-level model's action counts for full tiles, priced by the cost table. */
    public double energyPj(MaeriConfig cfg, LayerShape s, MaeriMapping m) {
        int ob = PRECISION.operandBytes(), ab = PRECISION.accumulatorBytes();
        long redTiles = MemoryModel.ceilDiv(s.cg(), m.tC()) * MemoryModel.ceilDiv(s.kernelH(), m.tR()) * MemoryModel.ceilDiv(s.kernelW(), m.tS());
        long tiles = MemoryModel.ceilDiv(s.groups(), m.tG()) * MemoryModel.ceilDiv(s.kg(), m.tK()) * redTiles;
        long rows = MemoryModel.ceilDiv(s.n(), m.tN()) * MemoryModel.ceilDiv(s.outH(), m.tX());
        long perRow = MemoryModel.ceilDiv(s.outW(), m.tY());
        long hf = footprint(m.tX(), s.spec().strideH(), m.tR()), wf = footprint(m.tY(), s.spec().strideW(), m.tS());
        long dFull = (long) m.tN() * m.tG() * m.tC() * hf * wf;
        boolean fwd = m.tY() == 1 && s.spec().strideW() == 1 && m.tS() > 1;
        long dNext = fwd ? (long) m.tN() * m.tG() * m.tC() * hf : dFull;
        long deliveries = tiles * rows * (dFull + (perRow - 1) * dNext);
        long weightDeliveries = tiles * (long) m.tG() * m.tK() * m.tC() * m.tR() * m.tS();
        long forwarded = tiles * rows * (perRow - 1) * (dFull - dNext);
        long macs = s.macs();
        long outputs = s.outputElements();
        long artAdds = macs - outputs * redTiles;
        long psumReads = outputs * (redTiles - 1);
        long results = outputs * redTiles;
        long dram = MaeriAnalytical.offchipBytes(cfg, s, ob);
        Actions a = new Actions(macs, artAdds + psumReads, (deliveries + weightDeliveries) * ob + psumReads * ab, results * ab, dram,
                (deliveries + weightDeliveries) * cfg.dnLevels() * ob + (macs + artAdds) * ab, forwarded * ob);
        return costs.energyPj(a, PRECISION);
    }

    /** Whole-model figures of a design: cycles, energy (pJ), area, and the objective value the search minimises. */
    public record Eval(long hardViolation, long cycles, double energyPj, double areaMm2, long objective) { }

    public Eval evaluate(int ms, int dn, int rn, int gb, List<MaeriMapping> mappings) {
        long hard = hardwareViolation(ms, dn, rn, gb);
        MaeriConfig cfg = config(ms, dn, rn, gb);
        long cycles = 0;
        double energy = 0;
        boolean needEnergy = !objective.equals("cycles"), needCycles = !objective.equals("energy");
        for (int i = 0; i < layers().size(); i++) {
            LayerShape s = layers().get(i);
            MaeriMapping m = mappings.get(i);
            hard += mappingViolation(cfg, s, m);
            if (needCycles) cycles += cycles(cfg, s, m);
            if (needEnergy) energy += energyPj(cfg, s, m);
        }
        return new Eval(hard, cycles, energy, areaMm2(cfg), objectiveOf(cycles, energy));
    }

    /** The objective value as a long: cycles, energy in pJ, or EDP in nJ x cycles. */
    public long objectiveOf(long cycles, double energyPj) {
        return switch (objective) {
            case "cycles" -> cycles;
            case "energy" -> Math.round(energyPj);
            default -> Math.round(energyPj / 1000.0 * cycles);
        };
    }
}
