package org.dlas.accel.sigma;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dlas.accel.Accelerator;
import org.dlas.accel.Actions;
import org.dlas.accel.ConvLayer;
import org.dlas.accel.Estimate;
import org.dlas.accel.LayerResult;
import org.dlas.accel.LayerShape;
import org.dlas.accel.LayerStats;
import org.dlas.accel.MemoryModel;
import org.dlas.accel.PipelineTiming;
import org.dlas.accel.Precision;
import org.dlas.accel.TreeSum;

/**
 * Cycle-level model of SIGMA (Qin et al., HPCA 2020) on conv/dense layers lowered to GEMM: the
 * filter matrix (K rows of L = C/G*R*S) is the stationary operand, the im2col columns (one per
 * output pixel) stream.
 *
 * <p>In sparse mode both operands are bitmap-compressed: only the non-zero weights are mapped
 * onto the multipliers, packed row after row into folds of at most {@code ms} (a row longer than
 * that is split, its partial sums added in the buffer), each row's non-zeros forming one
 * variable-size dot product reduced by the forwarding adder network (FAN). A fold using at most
 * half the multipliers is replicated to stream several pixels at once. Per step the AND of the
 * weight and activation bitmaps decides which pairs are computed: only non-zero weight/activation
 * pairs are delivered (each distinct activation once, multicast through the Benes network to every
 * multiplier that needs it) and multiplied. In dense mode every weight and activation, zeros
 * included, is mapped, delivered and multiplied.
 *
 * <p>Timing: {@link PipelineTiming} with the Benes network's {@code 2 log2(ms) - 1} stages as the
 * distribution latency and the FAN's {@code log2(ms)} levels as the reduction latency. Fewer
 * non-zero weights mean fewer folds and more replication; fewer non-zero activations mean fewer
 * deliveries: cycles fall with sparsity.
 */
public final class SigmaSimulator implements Accelerator {
    private final SigmaConfig cfg;
    private final BenesNetwork benes;
    private final boolean stonneTiming;
    private final Map<List<Object>, Long> stonneCycles = new ConcurrentHashMap<>();

    /** SIGMA with dlas's pipeline timing (pooled dn_bw/rn_bw). */
    public SigmaSimulator(SigmaConfig cfg) {
        this(cfg, false);
    }

    /**
     * As above; with {@code stonneTiming} a layer's compute cycles are those of STONNE's SparseGEMM
     * ({@link StonneSigmaTiming}, filters stationary: MK_STA_KN_STR with M = filters, K = C/G*R*S,
     * N = output pixels, per group). Values, traffic and energy stay those of the cycle-level model.
     */
    public SigmaSimulator(SigmaConfig cfg, boolean stonneTiming) {
        this.cfg = cfg;
        this.benes = cfg.benes();
        this.stonneTiming = stonneTiming;
    }

    public SigmaConfig config() { return cfg; }

    public BenesNetwork benes() { return benes; }

    @Override public String name() { return "sigma"; }
    @Override public String describe() { return cfg.label(); }
    @Override public int multipliers() { return cfg.multipliers(); }
    @Override public double clockMhz() { return cfg.clockMhz(); }
    @Override public boolean skipsZeros() { return cfg.sparse(); }

    @Override public Estimate estimate(LayerShape s, Precision p, double weightDensity, double inputDensity) {
        return SigmaAnalytical.estimate(cfg, s, weightDensity, inputDensity, p.operandBytes(), stonneTiming);
    }

    @Override public double areaMm2(Precision p) {
        int ms = cfg.multipliers();
        // PEs: multiplier + stationary and streaming registers; FAN: ms-1 adders with output registers;
        // Benes: stages * ms/2 switches; bitmap logic is not counted
        return cfg.costs().areaMm2(p, ms, ms - 1, (long) ms * 2 * p.operandBytes() + (long) (ms - 1) * p.accumulatorBytes(),
                benes.switches(), cfg.gbKb());
    }

    @Override public LayerResult run(ConvLayer layer) {
        LayerShape s = layer.shape();
        Precision prec = layer.precision();
        boolean fp32 = layer.fp32(), sparse = cfg.sparse();
        int ob = prec.operandBytes(), ab = prec.accumulatorBytes();
        int ms = cfg.multipliers();
        int l = s.gemmK(), kg = s.gemmN(), pixels = s.gemmM(), plane = s.outH() * s.outW();
        double[] x = layer.paddedInput(), w = layer.weights(), out = new double[(int) s.outputElements()];
        int[] tap = layer.tapOffsets();

        PipelineTiming timing = new PipelineTiming(cfg.dnBw(), cfg.rnBw(), benes.latency(), cfg.fanLevels(), ms);
        long busyTotal = 0, fanAdds = 0, psumReads = 0, folds = 0, maxCopies = 0, bitmapBytes = 0, weightNnz = 0;
        int[] fl = new int[ms], segStart = new int[ms], segLen = new int[ms], segRow = new int[ms];
        boolean[] segFirst = new boolean[ms];
        double[] fw = new double[ms], prod = new double[ms];
        int[] stamp = new int[0];
        int stepId = 0;

        for (int g = 0; g < s.groups(); g++) {
            int[] base = layer.windowBases(g);
            // the stationary operand: each filter row's non-zeros (all of them in dense mode)
            int[][] rowCols = new int[kg][];
            double[][] rowVals = new double[kg][];
            for (int k = 0; k < kg; k++) {
                int off = (g * kg + k) * l, cnt = 0;
                for (int j = 0; j < l; j++) if (!sparse || w[off + j] != 0) cnt++;
                rowCols[k] = new int[cnt];
                rowVals[k] = new double[cnt];
                for (int j = 0, q = 0; j < l; j++) {
                    if (!sparse || w[off + j] != 0) {
                        rowCols[k][q] = j;
                        rowVals[k][q++] = w[off + j];
                    }
                }
                weightNnz += cnt;
            }
            // pack rows into folds of at most ms multipliers
            int k = 0, pos = 0;
            while (k < kg) {
                int f = 0, segs = 0;
                while (k < kg && f < ms) {
                    int len = rowCols[k].length;
                    if (len == 0) { k++; pos = 0; continue; } // an all-zero filter: its output stays 0
                    int take = Math.min(len - pos, ms - f);
                    segStart[segs] = f;
                    segLen[segs] = take;
                    segRow[segs] = k;
                    segFirst[segs] = pos == 0;
                    System.arraycopy(rowCols[k], pos, fl, f, take);
                    System.arraycopy(rowVals[k], pos, fw, f, take);
                    segs++;
                    f += take;
                    pos += take;
                    if (pos == len) { k++; pos = 0; }
                }
                if (f == 0) break;
                folds++;
                int copies = Math.min(pixels, Math.max(1, ms / f));
                maxCopies = Math.max(maxCopies, copies);
                timing.weights(f); // the fold's stationary values, multicast to every copy
                if (stamp.length < copies * l) stamp = new int[copies * l];
                for (int p0 = 0; p0 < pixels; p0 += copies) {
                    stepId++;
                    int deliveries = 0, busy = 0, results = 0;
                    for (int c = 0; c < copies && p0 + c < pixels; c++) {
                        int p = p0 + c, b = base[p], img = p / plane, pix = p % plane, key0 = c * l;
                        for (int sg = 0; sg < segs; sg++) {
                            int from = segStart[sg], to = from + segLen[sg];
                            for (int q = from; q < to; q++) {
                                double xv = x[b + tap[fl[q]]];
                                if (sparse && xv == 0) { // bitmap AND: no pair, nothing sent, multiplier idle
                                    prod[q] = 0;
                                    continue;
                                }
                                busy++;
                                int key = key0 + fl[q];
                                if (stamp[key] != stepId) {
                                    stamp[key] = stepId;
                                    deliveries++;
                                }
                                prod[q] = fp32 ? (float) fw[q] * (float) xv : fw[q] * xv;
                            }
                            double sum = TreeSum.sum(prod, from, segLen[sg], fp32);
                            fanAdds += segLen[sg] - 1;
                            int o = (img * s.outChannels() + g * kg + segRow[sg]) * plane + pix;
                            if (segFirst[sg]) {
                                out[o] = sum;
                            } else {
                                out[o] = fp32 ? (float) out[o] + (float) sum : out[o] + sum;
                                psumReads++;
                            }
                            results++;
                        }
                    }
                    busyTotal += busy;
                    timing.step(deliveries, results, busy);
                }
                if (sparse) bitmapBytes += MemoryModel.ceilDiv((long) pixels * l, 8); // activation bitmaps streamed with the fold
            }
            if (sparse) bitmapBytes += MemoryModel.ceilDiv((long) kg * l, 8); // weight bitmap
        }

        PipelineTiming.Result r = timing.run();
        double wd = layer.weightDensity(), xd = layer.inputDensity();
        long offchip = SigmaAnalytical.offchipBytes(cfg, s, wd, xd, ob);
        Actions.Counter act = new Actions.Counter();
        act.multiplies = busyTotal;
        act.adds = fanAdds + psumReads;
        act.bufferReadBytes = (r.deliveries() + r.weightDeliveries()) * ob + psumReads * ab + bitmapBytes;
        act.bufferWriteBytes = r.results() * ab;
        act.dramBytes = offchip;
        act.networkHopBytes = (r.deliveries() + r.weightDeliveries()) * benes.stages() * ob + (busyTotal + fanAdds) * ab;
        Actions actions = act.freeze();
        long compute = stonneTiming ? stonneCycles(layer) : r.cycles();
        long cycles = cfg.memory().cycles(compute, offchip);
        String mapping = (sparse ? "sparse" : "dense") + ", " + folds + " folds of <= " + ms + " (weight nnz " + weightNnz + "), up to "
                + maxCopies + " copies";
        LayerStats stats = new LayerStats(s, prec, ms, cycles, compute, busyTotal, r.steadyCycles(), r.steadyBusy(), s.macs(),
                actions, cfg.costs().energyPj(actions, prec), SigmaAnalytical.estimate(cfg, s, wd, xd, ob, stonneTiming), mapping);
        return new LayerResult(out, stats);
    }

    /** STONNE's cycles for the layer's filters (their nonzero pattern in sparse mode), memoised per shape and pattern. */
    private long stonneCycles(ConvLayer layer) {
        LayerShape s = layer.shape();
        int l = s.gemmK(), kg = s.gemmN();
        double[] w = layer.weights();
        java.util.BitSet nonzero = new java.util.BitSet(w.length);
        for (int i = 0; i < w.length; i++) if (!cfg.sparse() || w[i] != 0) nonzero.set(i);
        return stonneCycles.computeIfAbsent(List.of(s, nonzero), key -> {
            StonneSigmaTiming t = new StonneSigmaTiming(cfg.multipliers(), cfg.dnBw(), cfg.rnBw());
            long total = 0;
            for (int g = 0; g < s.groups(); g++) {
                boolean[] sta = new boolean[kg * l];
                for (int i = 0; i < sta.length; i++) sta[i] = nonzero.get(g * kg * l + i);
                total += t.cycles(sta, kg, s.gemmM(), l);
            }
            return total;
        });
    }
}
