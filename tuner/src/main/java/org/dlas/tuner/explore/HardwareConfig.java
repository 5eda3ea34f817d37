package org.dlas.tuner.explore;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** Planning entity: the accelerator's configuration (MAERI multipliers, dn_bw, rn_bw, global buffer KiB). */
@PlanningEntity
public class HardwareConfig {
    private Integer multipliers, dnBw, rnBw, gbKb;

    public HardwareConfig() { }

    public HardwareConfig(int multipliers, int dnBw, int rnBw, int gbKb) {
        this.multipliers = multipliers; this.dnBw = dnBw; this.rnBw = rnBw; this.gbKb = gbKb;
    }

    @PlanningVariable(valueRangeProviderRefs = "multipliers") public Integer getMultipliers() { return multipliers; }
    public void setMultipliers(Integer v) { multipliers = v; }
    @PlanningVariable(valueRangeProviderRefs = "dnBw") public Integer getDnBw() { return dnBw; }
    public void setDnBw(Integer v) { dnBw = v; }
    @PlanningVariable(valueRangeProviderRefs = "rnBw") public Integer getRnBw() { return rnBw; }
    public void setRnBw(Integer v) { rnBw = v; }
    @PlanningVariable(valueRangeProviderRefs = "gbKb") public Integer getGbKb() { return gbKb; }
    public void setGbKb(Integer v) { gbKb = v; }

    @Override public String toString() { return "maeri(ms=" + multipliers + ", dn_bw=" + dnBw + ", rn_bw=" + rnBw + ", gb=" + gbKb + " KiB)"; }
}
