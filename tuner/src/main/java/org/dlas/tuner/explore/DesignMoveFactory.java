package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

/**
 * Random compound moves ({@link DesignMove}): 80 % re-tile one layer (one to three tiles drawn
 * anew, then other tiles stepped down to their next smaller candidate until the product fits the
 * multipliers), 20 % change one hardware option (a smaller multiplier count shrinks every mapping
 * that no longer fits the same way).
 */
public class DesignMoveFactory implements MoveIteratorFactory<MaeriDesign, DesignMove> {

    @Override public long getSize(ScoreDirector<MaeriDesign> sd) {
        MaeriDesign d = sd.getWorkingSolution();
        return (long) d.getLayers().size() * 64 + 16;
    }

    @Override public Iterator<DesignMove> createOriginalMoveIterator(ScoreDirector<MaeriDesign> sd) {
        throw new UnsupportedOperationException("DesignMoveFactory only supports random selection");
    }

    @Override public Iterator<DesignMove> createRandomMoveIterator(ScoreDirector<MaeriDesign> sd, Random rnd) {
        return new Iterator<>() {
            @Override public boolean hasNext() { return true; }
            @Override public DesignMove next() { return move(sd.getWorkingSolution(), rnd); }
        };
    }

    static DesignMove move(MaeriDesign d, Random rnd) {
        MaeriSpace space = d.space();
        HardwareConfig h = d.getHardware();
        if (rnd.nextInt(5) > 0) {
            LayerMapping l = d.getLayers().get(rnd.nextInt(d.getLayers().size()));
            int[] t = l.tiles();
            int k = 1 + rnd.nextInt(3);
            boolean[] changed = new boolean[8];
            for (int i = 0; i < k; i++) {
                int dim = rnd.nextInt(8);
                List<Integer> c = space.tiles(l.getIndex(), dim);
                t[dim] = c.get(rnd.nextInt(c.size()));
                changed[dim] = true;
            }
            fit(space, l.getIndex(), t, h.getMultipliers(), changed, rnd);
            return new DesignMove(h, null, List.of(l), List.<int[]>of(t));
        }
        int[] hw = DesignMove.hw(h);
        int which = rnd.nextInt(4);
        List<Integer> opts = switch (which) { case 0 -> space.multipliers(); case 1 -> space.dnBw(); case 2 -> space.rnBw(); default -> space.gbKb(); };
        hw[which] = opts.get(rnd.nextInt(opts.size()));
        List<LayerMapping> ls = new ArrayList<>();
        List<int[]> ts = new ArrayList<>();
        if (which == 0) {
            for (LayerMapping l : d.getLayers()) {
                int[] t = l.tiles();
                if (product(t) > hw[0]) {
                    fit(space, l.getIndex(), t, hw[0], new boolean[8], rnd);
                    ls.add(l);
                    ts.add(t);
                }
            }
        }
        return new DesignMove(h, hw, ls, ts);
    }

    static long product(int[] t) {
        long p = 1;
        for (int x : t) p *= x;
        return p;
    }

    /** Steps tiles down (not the changed ones while others can shrink) until the product fits {@code ms}. */
    static void fit(MaeriSpace space, int layer, int[] t, int ms, boolean[] keep, Random rnd) {
        while (product(t) > ms) {
            List<Integer> shrinkable = new ArrayList<>();
            for (int dim = 0; dim < 8; dim++) if (t[dim] > 1 && !keep[dim]) shrinkable.add(dim);
            if (shrinkable.isEmpty()) for (int dim = 0; dim < 8; dim++) if (t[dim] > 1) shrinkable.add(dim);
            int dim = shrinkable.get(rnd.nextInt(shrinkable.size()));
            List<Integer> c = space.tiles(layer, dim);
            int idx = c.indexOf(t[dim]);
            t[dim] = idx > 0 ? c.get(idx - 1) : 1;
        }
    }
}
