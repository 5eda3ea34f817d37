package org.dlas.accel.maeri;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dlas.accel.Accelerator;
import org.dlas.accel.Actions;
import org.dlas.accel.ConvLayer;
import org.dlas.accel.Estimate;
import org.dlas.accel.LayerResult;
import org.dlas.accel.LayerShape;
import org.dlas.accel.LayerStats;
import org.dlas.accel.PipelineTiming;
import org.dlas.accel.Precision;
import org.dlas.accel.TreeSum;

/**
 * Cycle-level model of MAERI (Kwon et al., ASPLOS 2018) after STONNE's description: a
 * distribution tree feeding {@code ms} multiplier switches (MS) with forwarding links between
 * neighbours, and an augmented reduction tree (ART) that reduces variable-size virtual neurons.
 *
 * <p>Loop nest for a {@link MaeriMapping} (outer to inner): weight tiles over groups, filters,
 * input channels, kernel rows and kernel columns; within a tile, steps over images, output rows and
 * output columns (Y' innermost). Per weight tile, the tile's distinct weights are distributed once
 * (multicast to every VN of the same filter) and stay in the switches. Per step each VN's
 * switches need one input each: an input already held by the switch, or by its right-hand
 * neighbour in the previous step (sliding the window by one column), arrives over the forwarding
 * link; every other distinct input is sent once by the tree (multicast to all switches that need
 * it). Each VN's products are summed in tree order in the ART; partial sums of later reduction
 * tiles are added to the accumulation buffer. The delivery and result counts of each step drive
 * {@link PipelineTiming} (DN latency and ART depth log2(ms)), which gives the cycles.
 *
 * <p>Zero weights and activations are multiplied like any value (MAERI has no zero skipping):
 * pruning does not change its cycles.
 */
public final class MaeriSimulator implements Accelerator {
    private final MaeriConfig cfg;
    private final Map<LayerShape, MaeriMapping> auto = new ConcurrentHashMap<>();

    public MaeriSimulator(MaeriConfig cfg) {
        this.cfg = cfg;
    }

    public MaeriConfig config() { return cfg; }

    @Override public String name() { return "maeri"; }
    @Override public String describe() { return cfg.label(); }
    @Override public int multipliers() { return cfg.multipliers(); }
    @Override public double clockMhz() { return cfg.clockMhz(); }
    @Override public boolean skipsZeros() { return false; }

    /** The automatic mapping for a layer shape ({@link MaeriMapper}), memoised. */
    public MaeriMapping mapping(LayerShape s) {
        return auto.computeIfAbsent(s, x -> MaeriMapper.best(cfg, x));
    }

    @Override public Estimate estimate(LayerShape s, double weightDensity, double inputDensity) {
        return MaeriAnalytical.estimate(cfg, s, mapping(s), Precision.FP32.operandBytes());
    }

    @Override public double areaMm2(Precision p) {
        int ms = cfg.multipliers();
        // MS: multiplier + weight, input and forwarding registers; ART: ms-1 adders (+ their output registers);
        // distribution tree: ms-1 switches
        return cfg.costs().areaMm2(p, ms, ms - 1, (long) ms * 3 * p.operandBytes() + (long) (ms - 1) * p.accumulatorBytes(), ms - 1, cfg.gbKb());
    }

    @Override public LayerResult run(ConvLayer layer) {
        return run(layer, mapping(layer.shape()));
    }

    /** Runs a layer with an explicit mapping (validated first). */
    public LayerResult run(ConvLayer layer, MaeriMapping m) {
        LayerShape s = layer.shape();
        m.validate(s, cfg.multipliers());
        Precision prec = layer.precision();
        boolean fp32 = layer.fp32();
        int ob = prec.operandBytes(), ab = prec.accumulatorBytes();
        int ms = cfg.multipliers();
        int groups = s.groups(), cg = s.cg(), kg = s.kg(), kh = s.kernelH(), kw = s.kernelW();
        int n = s.n(), oh = s.outH(), ow = s.outW();
        int vs = m.vnSize(), nv = m.vns();
        double[] x = layer.paddedInput(), w = layer.weights(), out = new double[(int) s.outputElements()];

        // VN and tap decoding (VN order n, g, k, x', y' with y' fastest; tap order c, r, s with s fastest)
        int[] vnN = new int[nv], vnG = new int[nv], vnK = new int[nv], vnX = new int[nv], vnY = new int[nv];
        for (int v = 0; v < nv; v++) {
            int r = v;
            vnY[v] = r % m.tY(); r /= m.tY();
            vnX[v] = r % m.tX(); r /= m.tX();
            vnK[v] = r % m.tK(); r /= m.tK();
            vnG[v] = r % m.tG(); r /= m.tG();
            vnN[v] = r;
        }
        int[] tapC = new int[vs], tapR = new int[vs], tapS = new int[vs];
        for (int t = 0; t < vs; t++) {
            int r = t;
            tapS[t] = r % m.tS(); r /= m.tS();
            tapR[t] = r % m.tR(); r /= m.tR();
            tapC[t] = r;
        }
        int[] tapOff = new int[vs];
        boolean[] tapOn = new boolean[vs];
        double[] wt = new double[ms], prod = new double[ms];
        int[] prev = new int[ms], cur = new int[ms];
        Arrays.fill(prev, -1);
        Arrays.fill(cur, -1);
        int[] stamp = new int[x.length];
        int stepId = 0;

        PipelineTiming timing = new PipelineTiming(cfg.dnBw(), cfg.rnBw(), cfg.dnLevels(), cfg.rnLevels(), ms);
        Actions.Counter act = new Actions.Counter();
        long busyTotal = 0, forwarded = 0, artAdds = 0, psumReads = 0;

        for (int gt = 0; gt < groups; gt += m.tG())
        for (int kt = 0; kt < kg; kt += m.tK())
        for (int ct = 0; ct < cg; ct += m.tC())
        for (int rt = 0; rt < kh; rt += m.tR())
        for (int st = 0; st < kw; st += m.tS()) {
            boolean firstReduction = ct == 0 && rt == 0 && st == 0;
            int activeTaps = 0;
            for (int t = 0; t < vs; t++) {
                int c = ct + tapC[t], r = rt + tapR[t], sc = st + tapS[t];
                tapOn[t] = c < cg && r < kh && sc < kw;
                if (tapOn[t]) {
                    tapOff[t] = layer.tapOffset(c, r, sc);
                    activeTaps++;
                }
            }
            int activeG = Math.min(m.tG(), groups - gt), activeK = Math.min(m.tK(), kg - kt);
            // load the tile's weights: each distinct weight once, multicast to the VNs of its filter
            for (int v = 0; v < nv; v++) {
                int g = gt + vnG[v], k = kt + vnK[v];
                for (int t = 0; t < vs; t++) {
                    int p = v * vs + t;
                    wt[p] = (g < groups && k < kg && tapOn[t])
                            ? w[(((g * kg + k) * cg + ct + tapC[t]) * kh + rt + tapR[t]) * kw + st + tapS[t]] : 0;
                }
            }
            timing.weights(activeG * activeK * activeTaps);

            for (int nt = 0; nt < n; nt += m.tN())
            for (int xt = 0; xt < oh; xt += m.tX())
            for (int yt = 0; yt < ow; yt += m.tY()) {
                stepId++;
                int deliveries = 0, results = 0, busy = 0;
                for (int v = 0; v < nv; v++) {
                    int img = nt + vnN[v], g = gt + vnG[v], k = kt + vnK[v], oy = xt + vnX[v], ox = yt + vnY[v];
                    int p0 = v * vs;
                    if (img >= n || g >= groups || k >= kg || oy >= oh || ox >= ow) {
                        Arrays.fill(cur, p0, p0 + vs, -1);
                        continue;
                    }
                    int base = layer.windowBase(img, g, oy, ox);
                    for (int t = 0; t < vs; t++) {
                        int p = p0 + t;
                        if (!tapOn[t]) {
                            cur[p] = -1;
                            prod[p] = 0;
                            continue;
                        }
                        int e = base + tapOff[t];
                        cur[p] = e;
                        busy++;
                        if (e == prev[p]) {
                            // already held by this switch
                        } else if (p + 1 < ms && e == prev[p + 1]) {
                            forwarded++;
                        } else if (stamp[e] != stepId) {
                            stamp[e] = stepId;
                            deliveries++;
                        }
                        prod[p] = fp32 ? (float) wt[p] * (float) x[e] : wt[p] * x[e];
                    }
                    double sum = TreeSum.sum(prod, p0, vs, fp32);
                    artAdds += activeTaps - 1;
                    int o = layer.outputIndex(img, g * kg + k, oy, ox);
                    if (firstReduction) {
                        out[o] = sum;
                    } else {
                        out[o] = fp32 ? (float) out[o] + (float) sum : out[o] + sum;
                        psumReads++;
                    }
                    results++;
                }
                for (int p = nv * vs; p < ms; p++) cur[p] = -1;
                int[] tmp = prev; prev = cur; cur = tmp;
                busyTotal += busy;
                timing.step(deliveries, results, busy);
            }
        }

        PipelineTiming.Result r = timing.run();
        if (busyTotal != s.macs()) throw new IllegalStateException("MAERI model did " + busyTotal + " MACs, layer has " + s.macs());
        long offchip = MaeriAnalytical.offchipBytes(cfg, s, ob);
        act.multiplies = busyTotal;
        act.adds = artAdds + psumReads;
        act.bufferReadBytes = (r.deliveries() + r.weightDeliveries()) * ob + psumReads * ab;
        act.bufferWriteBytes = r.results() * ab;
        act.dramBytes = offchip;
        act.networkHopBytes = (r.deliveries() + r.weightDeliveries()) * cfg.dnLevels() * ob + (busyTotal + artAdds) * ab;
        act.registerHopBytes = forwarded * ob;
        Actions actions = act.freeze();
        long cycles = cfg.memory().cycles(r.cycles(), offchip);
        LayerStats stats = new LayerStats(s, prec, ms, cycles, r.cycles(), busyTotal, r.steadyCycles(), r.steadyBusy(), s.macs(),
                actions, cfg.costs().energyPj(actions, prec), MaeriAnalytical.estimate(cfg, s, m, ob), m.toString());
        return new LayerResult(out, stats);
    }
}
