package org.dlas.tuner.explore;

import java.util.List;

import org.dlas.accel.maeri.MaeriMapping;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/**
 * Planning entity: the mapping of one conv/dense layer, its eight tile sizes each drawn from the
 * layer's own candidates (powers of two and divisors of the loop, at most the loop).
 */
@PlanningEntity
public class LayerMapping {
    private int index;
    private MaeriSpace space;
    private Integer tR, tS, tC, tK, tG, tN, tX, tY;

    public LayerMapping() { }

    public LayerMapping(int index, MaeriSpace space, MaeriMapping m) {
        this.index = index;
        this.space = space;
        set(m);
    }

    public void set(MaeriMapping m) {
        tR = m.tR(); tS = m.tS(); tC = m.tC(); tK = m.tK(); tG = m.tG(); tN = m.tN(); tX = m.tX(); tY = m.tY();
    }

    public int getIndex() { return index; }

    public MaeriMapping mapping() { return new MaeriMapping(tR, tS, tC, tK, tG, tN, tX, tY); }

    @ValueRangeProvider(id = "tR") public List<Integer> rangeR() { return space.tiles(index, 0); }
    @ValueRangeProvider(id = "tS") public List<Integer> rangeS() { return space.tiles(index, 1); }
    @ValueRangeProvider(id = "tC") public List<Integer> rangeC() { return space.tiles(index, 2); }
    @ValueRangeProvider(id = "tK") public List<Integer> rangeK() { return space.tiles(index, 3); }
    @ValueRangeProvider(id = "tG") public List<Integer> rangeG() { return space.tiles(index, 4); }
    @ValueRangeProvider(id = "tN") public List<Integer> rangeN() { return space.tiles(index, 5); }
    @ValueRangeProvider(id = "tX") public List<Integer> rangeX() { return space.tiles(index, 6); }
    @ValueRangeProvider(id = "tY") public List<Integer> rangeY() { return space.tiles(index, 7); }

    @PlanningVariable(valueRangeProviderRefs = "tR") public Integer getTR() { return tR; }
    public void setTR(Integer v) { tR = v; }
    @PlanningVariable(valueRangeProviderRefs = "tS") public Integer getTS() { return tS; }
    public void setTS(Integer v) { tS = v; }
    @PlanningVariable(valueRangeProviderRefs = "tC") public Integer getTC() { return tC; }
    public void setTC(Integer v) { tC = v; }
    @PlanningVariable(valueRangeProviderRefs = "tK") public Integer getTK() { return tK; }
    public void setTK(Integer v) { tK = v; }
    @PlanningVariable(valueRangeProviderRefs = "tG") public Integer getTG() { return tG; }
    public void setTG(Integer v) { tG = v; }
    @PlanningVariable(valueRangeProviderRefs = "tN") public Integer getTN() { return tN; }
    public void setTN(Integer v) { tN = v; }
    @PlanningVariable(valueRangeProviderRefs = "tX") public Integer getTX() { return tX; }
    public void setTX(Integer v) { tX = v; }
    @PlanningVariable(valueRangeProviderRefs = "tY") public Integer getTY() { return tY; }
    public void setTY(Integer v) { tY = v; }

    @Override public String toString() { return "layer " + index + " " + (tR == null ? "?" : mapping().toString()); }
}
