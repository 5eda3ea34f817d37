package org.dlas.accel.maeri;

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
    private final MaeriMappingSpec explicit;
    private final boolean stonneTiming;
    private final Map<List<Object>, Long> stonneCycles = new ConcurrentHashMap<>();

    public MaeriSimulator(MaeriConfig cfg) {
        this(cfg, MaeriMappingSpec.auto());
    }

    /** A simulator that maps the layers named in {@code explicit} (by node name, or *) as it says, the others automatically. */
    public MaeriSimulator(MaeriConfig cfg, MaeriMappingSpec explicit) {
        this(cfg, explicit, false);
    }

    /**
     * As above; with {@code stonneTiming} a layer's compute cycles are STONNE's
     * ({@link StonneMaeriTiming}: read ports, multicast per port, accumulation buffer, bus lines),
     * otherwise this class's own pipeline model gives them. Values and counts are the same either way.
     */
    public MaeriSimulator(MaeriConfig cfg, MaeriMappingSpec explicit, boolean stonneTiming) {
        this.cfg = cfg;
        this.explicit = explicit == null ? MaeriMappingSpec.auto() : explicit;
        this.stonneTiming = stonneTiming;
    }

    public MaeriConfig config() { return cfg; }

    /** The explicit per-layer mappings (the target's {@code mapping} parameter). */
    public MaeriMappingSpec explicitMappings() { return explicit; }

    @Override public String name() { return "maeri"; }
    @Override public String describe() {
        return explicit.isAuto() ? cfg.label() : cfg.label() + ", mapping \"" + explicit + "\"";
    }
    @Override public int multipliers() { return cfg.multipliers(); }
    @Override public double clockMhz() { return cfg.clockMhz(); }
    @Override public boolean skipsZeros() { return false; }

    /** The automatic mapping for a layer shape ({@link MaeriMapper}), memoised. */
    public MaeriMapping mapping(LayerShape s) {
        return auto.computeIfAbsent(s, x -> MaeriMapper.best(cfg, x));
    }

    @Override public Estimate estimate(LayerShape s, Precision p, double weightDensity, double inputDensity) {
        return MaeriAnalytical.estimate(cfg, s, mapping(s), p.operandBytes(), stonneTiming);
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

    /**
     * Runs a layer of the model with the mapping the {@code mapping} parameter gives it (automatic when
     * it gives none); an explicit mapping that breaks a constraint fails naming the layer.
     */
    @Override public LayerResult run(String layerName, ConvLayer layer) {
        MaeriMapping m = explicit.forLayer(layerName);
        if (m == null) return run(layer);
        try {
            m.validate(layer.shape(), cfg.multipliers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maeri mapping for layer '" + layerName + "': " + e.getMessage(), e);
        }
        return run(layer, m, "explicit " + m);
    }

    /** Runs a layer with an explicit mapping (validated first). */
    public LayerResult run(ConvLayer layer, MaeriMapping m) {
        return run(layer, m, m.toString());
    }

    private LayerResult run(ConvLayer layer, MaeriMapping m, String label) {
        LayerShape s = layer.shape();
        m.validate(s, cfg.multipliers());
        Pass pass = new Pass(layer, m);
        pass.run();
        PipelineTiming.Result r = pass.timing.run();
        if (pass.busyTotal != s.macs()) throw new IllegalStateException("MAERI model did " + pass.busyTotal + " MACs, layer has " + s.macs());
        Precision prec = layer.precision();
        int ob = prec.operandBytes(), ab = prec.accumulatorBytes();
        long offchip = MaeriAnalytical.offchipBytes(cfg, s, ob);
        Actions.Counter act = new Actions.Counter();
        act.multiplies = pass.busyTotal;
        act.adds = pass.artAdds + pass.psumReads;
        act.bufferReadBytes = (r.deliveries() + r.weightDeliveries()) * ob + pass.psumReads * ab;
        act.bufferWriteBytes = r.results() * ab;
        act.dramBytes = offchip;
        act.networkHopBytes = (r.deliveries() + r.weightDeliveries()) * cfg.dnLevels() * ob + (pass.busyTotal + pass.artAdds) * ab;
        act.registerHopBytes = pass.forwarded * ob;
        Actions actions = act.freeze();
        long compute = stonneTiming ? stonneCycles(s, m) : -1;
        if (compute < 0) compute = r.cycles();
        long cycles = cfg.memory().cycles(compute, offchip);
        LayerStats stats = new LayerStats(s, prec, cfg.multipliers(), cycles, compute, pass.busyTotal, r.steadyCycles(), r.steadyBusy(),
                s.macs(), actions, cfg.costs().energyPj(actions, prec), MaeriAnalytical.estimate(cfg, s, m, ob, stonneTiming), label);
        return new LayerResult(pass.out, stats);
    }

    /**
     * STONNE's cycles for the layer and mapping (memoised: values do not change them); a layer STONNE
     * cannot express (different strides across and down) keeps the pipeline model's count.
     */
    private long stonneCycles(LayerShape s, MaeriMapping m) {
        return stonneCycles.computeIfAbsent(List.of(s, m), k -> {
            StonneMaeriLayer l = StonneMaeriLayer.of(s, m);
            return l == null ? -1L : new StonneMaeriTiming(cfg.multipliers(), cfg.dnBw(), cfg.rnBw(), true).cycles(l);
        });
    }

    /** The state of one layer run: switch registers, the accumulation buffer and the counters. */
    private final class Pass {
        final ConvLayer layer;
        final MaeriMapping m;
        final boolean fp32;
        final int ms, groups, cg, kg, kh, kw, n, oh, ow, vs, nv;
        final double[] x, w, out;
        final int[] vnN, vnG, vnK, vnX, vnY, tapC, tapR, tapS, tapOff, stamp;
        final boolean[] tapOn;
        final double[] wt, prod;
        int[] prev, cur;
        int stepId, activeTaps;
        boolean firstReduction;
        final PipelineTiming timing;
        long busyTotal, forwarded, artAdds, psumReads;

        Pass(ConvLayer layer, MaeriMapping m) {
            this.layer = layer;
            this.m = m;
            LayerShape s = layer.shape();
            fp32 = layer.fp32();
            ms = cfg.multipliers();
            groups = s.groups(); cg = s.cg(); kg = s.kg(); kh = s.kernelH(); kw = s.kernelW();
            n = s.n(); oh = s.outH(); ow = s.outW();
            vs = m.vnSize(); nv = m.vns();
            x = layer.paddedInput(); w = layer.weights(); out = new double[(int) s.outputElements()];
            // VN order n, g, k, x', y' (y' fastest); tap order c, r, s (s fastest)
            vnN = new int[nv]; vnG = new int[nv]; vnK = new int[nv]; vnX = new int[nv]; vnY = new int[nv];
            for (int v = 0; v < nv; v++) {
                int r = v;
                vnY[v] = r % m.tY(); r /= m.tY();
                vnX[v] = r % m.tX(); r /= m.tX();
                vnK[v] = r % m.tK(); r /= m.tK();
                vnG[v] = r % m.tG(); r /= m.tG();
                vnN[v] = r;
            }
            tapC = new int[vs]; tapR = new int[vs]; tapS = new int[vs];
            for (int t = 0; t < vs; t++) {
                int r = t;
                tapS[t] = r % m.tS(); r /= m.tS();
                tapR[t] = r % m.tR(); r /= m.tR();
                tapC[t] = r;
            }
            tapOff = new int[vs];
            tapOn = new boolean[vs];
            wt = new double[ms];
            prod = new double[ms];
            prev = new int[ms];
            cur = new int[ms];
            Arrays.fill(prev, -1);
            Arrays.fill(cur, -1);
            stamp = new int[x.length];
            timing = new PipelineTiming(cfg.dnBw(), cfg.rnBw(), cfg.dnLevels(), cfg.rnLevels(), ms);
        }

        void run() {
            for (int gt = 0; gt < groups; gt += m.tG())
                for (int kt = 0; kt < kg; kt += m.tK())
                    for (int ct = 0; ct < cg; ct += m.tC())
                        for (int rt = 0; rt < kh; rt += m.tR())
                            for (int st = 0; st < kw; st += m.tS()) {
                                loadTile(gt, kt, ct, rt, st);
                                for (int nt = 0; nt < n; nt += m.tN())
                                    for (int xt = 0; xt < oh; xt += m.tX())
                                        for (int yt = 0; yt < ow; yt += m.tY()) step(nt, gt, kt, xt, yt);
                            }
        }

        /** A new weight tile: each distinct weight is distributed once (multicast to the VNs of its filter). */
        void loadTile(int gt, int kt, int ct, int rt, int st) {
            firstReduction = ct == 0 && rt == 0 && st == 0;
            activeTaps = 0;
            for (int t = 0; t < vs; t++) {
                int c = ct + tapC[t], r = rt + tapR[t], sc = st + tapS[t];
                tapOn[t] = c < cg && r < kh && sc < kw;
                if (tapOn[t]) {
                    tapOff[t] = layer.tapOffset(c, r, sc);
                    activeTaps++;
                }
            }
            for (int v = 0; v < nv; v++) {
                int g = gt + vnG[v], k = kt + vnK[v];
                for (int t = 0; t < vs; t++) {
                    wt[v * vs + t] = (g < groups && k < kg && tapOn[t])
                            ? w[(((g * kg + k) * cg + ct + tapC[t]) * kh + rt + tapR[t]) * kw + st + tapS[t]] : 0;
                }
            }
            timing.weights(Math.min(m.tG(), groups - gt) * Math.min(m.tK(), kg - kt) * activeTaps);
        }

        /** One step: every VN computes one output's partial sum over the tile's taps. */
        void step(int nt, int gt, int kt, int xt, int yt) {
            int id = ++stepId;
            int deliveries = 0, results = 0, busy = 0;
            int[] prev = this.prev, cur = this.cur, stamp = this.stamp, tapOff = this.tapOff;
            boolean[] tapOn = this.tapOn;
            double[] x = this.x, wt = this.wt, prod = this.prod;
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
                    if (e != prev[p]) { // not already held by this switch
                        if (p + 1 < ms && e == prev[p + 1]) {
                            forwarded++; // over the forwarding link from the right-hand neighbour
                        } else if (stamp[e] != id) {
                            stamp[e] = id; // one copy through the tree, multicast to every switch needing it
                            deliveries++;
                        }
                    }
                    prod[p] = fp32 ? (float) wt[p] * (float) x[e] : wt[p] * x[e];
                }
                busy += activeTaps;
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
            this.prev = cur;
            this.cur = prev;
            busyTotal += busy;
            timing.step(deliveries, results, busy);
        }
    }
}
