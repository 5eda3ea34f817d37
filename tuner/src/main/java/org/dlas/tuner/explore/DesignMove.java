package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.move.AbstractMove;

/**
 * A compound move: new tiles for some layers and/or a new hardware configuration at once. Single
 * variable changes cannot cross the infeasible valleys of this space (raising T_C while lowering T_R
 * to keep the tile product within the multipliers; shrinking the multipliers with every mapping
 * that no longer fits), so {@link DesignMoveFactory} builds such coordinated changes.
 */
public final class DesignMove extends AbstractMove<MaeriDesign> {
    private final HardwareConfig hardware;
    private final int[] newHardware; // null: unchanged
    private final List<LayerMapping> layers;
    private final List<int[]> newTiles;

    public DesignMove(HardwareConfig hardware, int[] newHardware, List<LayerMapping> layers, List<int[]> newTiles) {
        this.hardware = hardware;
        this.newHardware = newHardware;
        this.layers = layers;
        this.newTiles = newTiles;
    }

    @Override public boolean isMoveDoable(ScoreDirector<MaeriDesign> sd) {
        if (newHardware != null && !java.util.Arrays.equals(newHardware, hw(hardware))) return true;
        for (int i = 0; i < layers.size(); i++) if (!java.util.Arrays.equals(layers.get(i).tiles(), newTiles.get(i))) return true;
        return false;
    }

    static int[] hw(HardwareConfig h) { return new int[] {h.getMultipliers(), h.getDnBw(), h.getRnBw(), h.getGbKb()}; }

    @Override protected AbstractMove<MaeriDesign> createUndoMove(ScoreDirector<MaeriDesign> sd) {
        List<int[]> old = new ArrayList<>();
        for (LayerMapping l : layers) old.add(l.tiles());
        return new DesignMove(hardware, newHardware == null ? null : hw(hardware), layers, old);
    }

    @Override protected void doMoveOnGenuineVariables(ScoreDirector<MaeriDesign> sd) {
        if (newHardware != null) {
            String[] vars = {"multipliers", "dnBw", "rnBw", "gbKb"};
            for (String v : vars) sd.beforeVariableChanged(hardware, v);
            hardware.setMultipliers(newHardware[0]);
            hardware.setDnBw(newHardware[1]);
            hardware.setRnBw(newHardware[2]);
            hardware.setGbKb(newHardware[3]);
            for (String v : vars) sd.afterVariableChanged(hardware, v);
        }
        for (int i = 0; i < layers.size(); i++) {
            LayerMapping l = layers.get(i);
            for (String v : LayerMapping.VARIABLES) sd.beforeVariableChanged(l, v);
            l.setTiles(newTiles.get(i));
            for (String v : LayerMapping.VARIABLES) sd.afterVariableChanged(l, v);
        }
    }

    @Override public DesignMove rebase(ScoreDirector<MaeriDesign> sd) {
        List<LayerMapping> ls = new ArrayList<>();
        for (LayerMapping l : layers) ls.add(sd.lookUpWorkingObject(l));
        return new DesignMove(hardware == null ? null : sd.lookUpWorkingObject(hardware), newHardware, ls, newTiles);
    }

    @Override public Collection<?> getPlanningEntities() {
        List<Object> e = new ArrayList<>(layers);
        if (newHardware != null) e.add(hardware);
        return e;
    }

    @Override public Collection<?> getPlanningValues() {
        List<Object> v = new ArrayList<>();
        if (newHardware != null) for (int x : newHardware) v.add(x);
        for (int[] t : newTiles) for (int x : t) v.add(x);
        return v;
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder("DesignMove");
        if (newHardware != null) b.append(" hw=").append(java.util.Arrays.toString(newHardware));
        for (int i = 0; i < layers.size(); i++) b.append(" L").append(layers.get(i).getIndex()).append('=').append(java.util.Arrays.toString(newTiles.get(i)));
        return b.toString();
    }
}
