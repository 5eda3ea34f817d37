package org.dlas.tuner.explore;

import org.dlas.accel.systolic.Dataflow;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** Planning entity: a systolic array's rows, columns, dataflow and SRAM sizes. */
@PlanningEntity
public class SystolicHardware {
    private Integer rows, cols, ifmapKb, filterKb, ofmapKb;
    private Dataflow dataflow;

    public SystolicHardware() { }

    public SystolicHardware(int rows, int cols, Dataflow dataflow, int ifmapKb, int filterKb, int ofmapKb) {
        this.rows = rows; this.cols = cols; this.dataflow = dataflow; this.ifmapKb = ifmapKb; this.filterKb = filterKb; this.ofmapKb = ofmapKb;
    }

    @PlanningVariable(valueRangeProviderRefs = "sizes") public Integer getRows() { return rows; }
    public void setRows(Integer v) { rows = v; }
    @PlanningVariable(valueRangeProviderRefs = "sizes") public Integer getCols() { return cols; }
    public void setCols(Integer v) { cols = v; }
    @PlanningVariable(valueRangeProviderRefs = "dataflows") public Dataflow getDataflow() { return dataflow; }
    public void setDataflow(Dataflow v) { dataflow = v; }
    @PlanningVariable(valueRangeProviderRefs = "srams") public Integer getIfmapKb() { return ifmapKb; }
    public void setIfmapKb(Integer v) { ifmapKb = v; }
    @PlanningVariable(valueRangeProviderRefs = "srams") public Integer getFilterKb() { return filterKb; }
    public void setFilterKb(Integer v) { filterKb = v; }
    @PlanningVariable(valueRangeProviderRefs = "srams") public Integer getOfmapKb() { return ofmapKb; }
    public void setOfmapKb(Integer v) { ofmapKb = v; }
}
