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

    /** Planning variable names, in the order of {@link #tiles()}. */
    static final String[] VARIABLES = {"tileR", "tileS", "tileC", "tileK", "tileG", "tileN", "tileX", "tileY"};

    int[] tiles() { return new int[] {tR, tS, tC, tK, tG, tN, tX, tY}; }

    void setTiles(int[] t) { tR = t[0]; tS = t[1]; tC = t[2]; tK = t[3]; tG = t[4]; tN = t[5]; tX = t[6]; tY = t[7]; }

    MaeriSpace space() { return space; }

    public MaeriMapping mapping() { return new MaeriMapping(tR, tS, tC, tK, tG, tN, tX, tY); }

    @ValueRangeProvider(id = "tR") public List<Integer> rangeR() { return space.tiles(index, 0); }
    @ValueRangeProvider(id = "tS") public List<Integer> rangeS() { return space.tiles(index, 1); }
    @ValueRangeProvider(id = "tC") public List<Integer> rangeC() { return space.tiles(index, 2); }
    @ValueRangeProvider(id = "tK") public List<Integer> rangeK() { return space.tiles(index, 3); }
    @ValueRangeProvider(id = "tG") public List<Integer> rangeG() { return space.tiles(index, 4); }
    @ValueRangeProvider(id = "tN") public List<Integer> rangeN() { return space.tiles(index, 5); }
    @ValueRangeProvider(id = "tX") public List<Integer> rangeX() { return space.tiles(index, 6); }
    @ValueRangeProvider(id = "tY") public List<Integer> rangeY() { return space.tiles(index, 7); }

    @PlanningVariable(valueRangeProviderRefs = "tR") public Integer getTileR() { return tR; }
    public void setTileR(Integer v) { tR = v; }
    @PlanningVariable(valueRangeProviderRefs = "tS") public Integer getTileS() { return tS; }
    public void setTileS(Integer v) { tS = v; }
    @PlanningVariable(valueRangeProviderRefs = "tC") public Integer getTileC() { return tC; }
    public void setTileC(Integer v) { tC = v; }
    @PlanningVariable(valueRangeProviderRefs = "tK") public Integer getTileK() { return tK; }
    public void setTileK(Integer v) { tK = v; }
    @PlanningVariable(valueRangeProviderRefs = "tG") public Integer getTileG() { return tG; }
    public void setTileG(Integer v) { tG = v; }
    @PlanningVariable(valueRangeProviderRefs = "tN") public Integer getTileN() { return tN; }
    public void setTileN(Integer v) { tN = v; }
    @PlanningVariable(valueRangeProviderRefs = "tX") public Integer getTileX() { return tX; }
    public void setTileX(Integer v) { tX = v; }
    @PlanningVariable(valueRangeProviderRefs = "tY") public Integer getTileY() { return tY; }
    public void setTileY(Integer v) { tY = v; }

    @Override public String toString() { return "layer " + index + " " + (tR == null ? "?" : mapping().toString()); }
}
