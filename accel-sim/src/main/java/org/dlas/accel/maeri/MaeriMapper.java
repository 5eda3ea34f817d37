package org.dlas.accel.maeri;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.dlas.accel.LayerShape;

/**
 * Chooses a valid mapping for a layer automatically: enumerates tile sizes (powers of two, the
 * loop's full size and its divisors, each at most the multiplier count) whose product fits the
 * multipliers, and keeps the one with the fewest {@link MaeriAnalytical} cycles (ties: more
 * multipliers used, then the first found). Deterministic.
 */
public final class MaeriMapper {
    private MaeriMapper() { }

    public static MaeriMapping best(MaeriConfig cfg, LayerShape s) {
        int ms = cfg.multipliers();
        int[][] cand = {
                candidates(s.kernelH(), ms), candidates(s.kernelW(), ms), candidates(s.cg(), ms), candidates(s.kg(), ms),
                candidates(s.groups(), ms), candidates(s.n(), ms), candidates(s.outH(), ms), candidates(s.outW(), ms)};
        MaeriMapping[] best = {null};
        long[] bestCost = {Long.MAX_VALUE, 0};
        int[] t = new int[8];
        search(cfg, s, cand, 0, 1, t, best, bestCost);
        if (best[0] == null) throw new IllegalStateException("no MAERI mapping fits " + s + " on " + ms + " multipliers");
        return best[0];
    }

    private static void search(MaeriConfig cfg, LayerShape s, int[][] cand, int dim, long product, int[] t,
                               MaeriMapping[] best, long[] bestCost) {
        if (dim == t.length) {
            MaeriMapping m = new MaeriMapping(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
            long cost = MaeriAnalytical.computeCycles(cfg, s, m);
            if (cost < bestCost[0] || (cost == bestCost[0] && product > bestCost[1])) {
                bestCost[0] = cost;
                bestCost[1] = product;
                best[0] = m;
            }
            return;
        }
        for (int v : cand[dim]) {
            if (product * v > cfg.multipliers()) break; // candidates ascend
            t[dim] = v;
            search(cfg, s, cand, dim + 1, product * v, t, best, bestCost);
        }
    }

    /** 1, 2, 4, ... below {@code dim}, {@code dim} itself and its divisors, all at most {@code max}, ascending. */
    static int[] candidates(int dim, int max) {
        TreeSet<Integer> c = new TreeSet<>();
        for (int p = 1; p < dim && p <= max; p *= 2) c.add(p);
        for (int d = 1; d <= dim && d <= max; d++) if (dim % d == 0) c.add(d);
        if (dim <= max) c.add(dim);
        List<Integer> l = new ArrayList<>(c);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
