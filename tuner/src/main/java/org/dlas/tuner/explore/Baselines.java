package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.dlas.accel.LayerShape;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriMapping;

/** Baselines for the OptaPlanner search: exhaustive enumeration and random search. */
public final class Baselines {
    private Baselines() { }

    /** A complete design point. */
    public record Point(int ms, int dn, int rn, int gb, List<MaeriMapping> mappings, MaeriSpace.Eval eval) {
        public boolean better(Point o) {
            return o == null || eval.hardViolation() < o.eval.hardViolation()
                    || (eval.hardViolation() == o.eval.hardViolation() && eval.objective() < o.eval.objective());
        }
    }

    /**
     * The exact optimum of a cycles or energy objective. Both are sums over layers and a layer's
     * figure depends only on the hardware and its own mapping, so for every feasible hardware
     * configuration each layer's best mapping is found on its own (all tile combinations that fit).
     * The cycles' DRAM roofline is monotone in the compute cycles and the DRAM energy does not depend
     * on the mapping, so a layer's best mapping does not depend on the buffer size unless the buffer
     * capacity constraint binds (then the buffer size is part of the memo key). EDP (a product of sums)
     * is enumerated jointly when the space is small ({@code maxJoint} designs), else through Pareto
     * fronts ({@link #pareto}).
     */
    public static Point exhaustive(MaeriSpace space, long maxJoint) {
        if (space.objective().equals("edp")) return space.size() <= maxJoint ? joint(space) : pareto(space);
        Map<List<Integer>, MaeriMapping> memo = new HashMap<>();
        Map<Integer, List<List<MaeriMapping>>> fitting = new HashMap<>();
        Point best = null;
        for (int ms : space.multipliers()) {
            List<List<MaeriMapping>> perLayer = fitting.computeIfAbsent(ms, k -> enumerate(space, k));
            for (int dn : space.dnBw()) for (int rn : space.rnBw()) for (int gb : space.gbKb()) {
                if (space.hardwareViolation(ms, dn, rn, gb) > 0) continue;
                MaeriConfig cfg = space.config(ms, dn, rn, gb);
                List<MaeriMapping> chosen = new ArrayList<>();
                boolean ok = true;
                for (int l = 0; l < space.layers().size() && ok; l++) {
                    LayerShape s = space.layers().get(l);
                    boolean binds = bufferBinds(space, cfg, s, perLayer.get(l));
                    List<Integer> key = space.objective().equals("energy") ? List.of(l, ms, binds ? gb : -1) : List.of(l, ms, dn, rn, binds ? gb : -1);
                    final int layer = l;
                    MaeriMapping m = memo.computeIfAbsent(key, k -> bestMapping(space, cfg, s, perLayer.get(layer)));
                    if (m == null) ok = false; else chosen.add(m);
                }
                if (!ok) continue;
                Point p = new Point(ms, dn, rn, gb, chosen, space.evaluate(ms, dn, rn, gb, chosen));
                if (p.better(best)) best = p;
            }
        }
        return best;
    }

    private static boolean bufferBinds(MaeriSpace space, MaeriConfig cfg, LayerShape s, List<MaeriMapping> all) {
        // the buffer binds for this layer and size if some otherwise valid mapping overflows it
        for (MaeriMapping m : all) if (space.mappingViolation(cfg, s, m) > 0) return true;
        return false;
    }

    private static MaeriMapping bestMapping(MaeriSpace space, MaeriConfig cfg, LayerShape s, List<MaeriMapping> all) {
        MaeriMapping best = null;
        double bestCost = Double.MAX_VALUE;
        boolean cycles = space.objective().equals("cycles");
        for (MaeriMapping m : all) {
            if (space.mappingViolation(cfg, s, m) > 0) continue;
            double c = cycles ? space.cycles(cfg, s, m) : space.energyPj(cfg, s, m);
            if (c < bestCost) { bestCost = c; best = m; }
        }
        return best;
    }

    /** Every tile combination of every layer whose product fits {@code ms} multipliers. */
    static List<List<MaeriMapping>> enumerate(MaeriSpace space, int ms) {
        List<List<MaeriMapping>> out = new ArrayList<>();
        for (int l = 0; l < space.layers().size(); l++) {
            List<MaeriMapping> list = new ArrayList<>();
            fill(space, l, ms, 0, 1, new int[8], list);
            out.add(list);
        }
        return out;
    }

    private static void fill(MaeriSpace space, int l, int ms, int dim, long product, int[] t, List<MaeriMapping> out) {
        if (dim == 8) {
            out.add(new MaeriMapping(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]));
            return;
        }
        for (int v : space.tiles(l, dim)) {
            if (product * v > ms) break; // ascending
            t[dim] = v;
            fill(space, l, ms, dim + 1, product * v, t, out);
        }
    }

    /** A (cycles, energy) point of a partial design: the mappings of the first layers. */
    private record Partial(long cycles, double energy, List<MaeriMapping> mappings) { }

    /**
     * The exact EDP optimum: EDP = (sum of cycles) x (sum of energy) is not a sum over layers, but
     * for a fixed hardware configuration an optimal design uses, in every layer, a mapping on the
     * layer's (cycles, energy) Pareto front, and the sums of fronts, pruned to their own Pareto
     * front layer after layer, contain the optimum. Minimised over every feasible configuration.
     */
    static Point pareto(MaeriSpace space) {
        Point best = null;
        for (int ms : space.multipliers()) {
            List<List<MaeriMapping>> perLayer = enumerate(space, ms);
            for (int dn : space.dnBw()) for (int rn : space.rnBw()) for (int gb : space.gbKb()) {
                if (space.hardwareViolation(ms, dn, rn, gb) > 0) continue;
                MaeriConfig cfg = space.config(ms, dn, rn, gb);
                List<Partial> front = List.of(new Partial(0, 0, List.of()));
                for (int l = 0; l < perLayer.size() && !front.isEmpty(); l++) {
                    LayerShape s = space.layers().get(l);
                    List<Partial> layerFront = new ArrayList<>();
                    for (MaeriMapping m : perLayer.get(l)) {
                        if (space.mappingViolation(cfg, s, m) > 0) continue;
                        layerFront.add(new Partial(space.cycles(cfg, s, m), space.energyPj(cfg, s, m), List.of(m)));
                    }
                    layerFront = prune(layerFront);
                    List<Partial> sum = new ArrayList<>();
                    for (Partial a : front) for (Partial b : layerFront) {
                        List<MaeriMapping> ms2 = new ArrayList<>(a.mappings());
                        ms2.addAll(b.mappings());
                        sum.add(new Partial(a.cycles() + b.cycles(), a.energy() + b.energy(), ms2));
                    }
                    front = prune(sum);
                }
                for (Partial p : front) {
                    if (best != null && space.objectiveOf(p.cycles(), p.energy()) >= best.eval().objective()) continue;
                    Point pt = new Point(ms, dn, rn, gb, p.mappings(), space.evaluate(ms, dn, rn, gb, p.mappings()));
                    if (pt.better(best)) best = pt;
                }
            }
        }
        return best;
    }

    /** The Pareto-minimal points (fewer cycles or less energy), by cycles ascending. */
    private static List<Partial> prune(List<Partial> pts) {
        List<Partial> sorted = new ArrayList<>(pts);
        sorted.sort((a, b) -> a.cycles() != b.cycles() ? Long.compare(a.cycles(), b.cycles()) : Double.compare(a.energy(), b.energy()));
        List<Partial> out = new ArrayList<>();
        double minE = Double.POSITIVE_INFINITY;
        for (Partial p : sorted) if (p.energy() < minE) { out.add(p); minE = p.energy(); }
        return out;
    }

    /** Joint enumeration of the whole space (small spaces only). */
    static Point joint(MaeriSpace space) {
        Point[] best = {null};
        for (int ms : space.multipliers()) {
            List<List<MaeriMapping>> perLayer = enumerate(space, ms);
            for (int dn : space.dnBw()) for (int rn : space.rnBw()) for (int gb : space.gbKb()) {
                if (space.hardwareViolation(ms, dn, rn, gb) > 0) continue;
                jointLayers(space, ms, dn, rn, gb, perLayer, 0, new ArrayList<>(), best);
            }
        }
        return best[0];
    }

    private static void jointLayers(MaeriSpace space, int ms, int dn, int rn, int gb, List<List<MaeriMapping>> perLayer, int l,
                                    List<MaeriMapping> chosen, Point[] best) {
        if (l == perLayer.size()) {
            Point p = new Point(ms, dn, rn, gb, List.copyOf(chosen), space.evaluate(ms, dn, rn, gb, chosen));
            if (p.eval().hardViolation() == 0 && p.better(best[0])) best[0] = p;
            return;
        }
        for (MaeriMapping m : perLayer.get(l)) {
            chosen.add(m);
            jointLayers(space, ms, dn, rn, gb, perLayer, l + 1, chosen, best);
            chosen.remove(chosen.size() - 1);
        }
    }

    /**
     * Random search: {@code evaluations} designs, hardware drawn uniformly from the options and each
     * layer's tiles uniformly from its candidates (redrawn up to 64 times until the tile product fits
     * the multipliers, so most draws are valid mappings); keeps the best by (violation, objective).
     */
    public static Point random(MaeriSpace space, long evaluations, long seed) {
        return random(space, evaluations, Long.MAX_VALUE, seed);
    }

    /** Random search for {@code millis} of wall time (same draws as {@link #random(MaeriSpace, long, long)}). */
    public static Point randomFor(MaeriSpace space, long millis, long seed) {
        return random(space, Long.MAX_VALUE, millis, seed);
    }

    static Point random(MaeriSpace space, long evaluations, long millis, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Point best = null;
        int layers = space.layers().size();
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000;
        for (long e = 0; e < evaluations; e++) {
            if ((e & 255) == 0 && System.nanoTime() > deadline) break;
            int ms = pick(space.multipliers(), rnd), dn = pick(space.dnBw(), rnd), rn = pick(space.rnBw(), rnd), gb = pick(space.gbKb(), rnd);
            List<MaeriMapping> ms8 = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                int[] t = new int[8];
                for (int tries = 0; tries < 64; tries++) {
                    long p = 1;
                    for (int d = 0; d < 8; d++) { t[d] = pick(space.tiles(l, d), rnd); p *= t[d]; }
                    if (p <= ms) break;
                }
                ms8.add(new MaeriMapping(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]));
            }
            Point p = new Point(ms, dn, rn, gb, ms8, space.evaluate(ms, dn, rn, gb, ms8));
            if (p.better(best)) best = p;
        }
        return best;
    }

    private static int pick(List<Integer> l, SplittableRandom r) { return l.get(r.nextInt(l.size())); }
}
