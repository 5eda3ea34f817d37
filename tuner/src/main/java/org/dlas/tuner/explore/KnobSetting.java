package org.dlas.tuner.explore;

import java.util.List;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** Planning entity: one knob of a {@link KnobDesignSpace}, its value drawn from its own options. */
@PlanningEntity
public class KnobSetting {
    private List<Integer> options;
    private Integer value;

    public KnobSetting() { }

    KnobSetting(List<Integer> options, int value) {
        this.options = options;
        this.value = value;
    }

    @ValueRangeProvider(id = "knobOptions") public List<Integer> getOptions() { return options; }

    @PlanningVariable(valueRangeProviderRefs = "knobOptions") public Integer getValue() { return value; }
    public void setValue(Integer v) { value = v; }
}
