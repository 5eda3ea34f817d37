package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.dlas.accel.maeri.MaeriMapping;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningEntityProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/** Planning solution: one hardware configuration and one mapping per layer. */
@PlanningSolution
public class MaeriDesign {
    private MaeriSpace space;
    /** Score evaluations (shared by every clone of this solution). */
    private AtomicLong evaluations;
    private HardwareConfig hardware;
    private List<LayerMapping> layers;
    private HardSoftLongScore score;

    public MaeriDesign() { }

    public MaeriDesign(MaeriSpace space, HardwareConfig hardware, List<MaeriMapping> mappings) {
        this.space = space;
        this.evaluations = new AtomicLong();
        this.hardware = hardware;
        this.layers = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) layers.add(new LayerMapping(i, space, mappings.get(i)));
    }

    public MaeriSpace space() { return space; }
    public AtomicLong evaluations() { return evaluations; }

    @ValueRangeProvider(id = "multipliers") public List<Integer> multiplierRange() { return space.multipliers(); }
    @ValueRangeProvider(id = "dnBw") public List<Integer> dnRange() { return space.dnBw(); }
    @ValueRangeProvider(id = "rnBw") public List<Integer> rnRange() { return space.rnBw(); }
    @ValueRangeProvider(id = "gbKb") public List<Integer> gbRange() { return space.gbKb(); }

    @PlanningEntityProperty public HardwareConfig getHardware() { return hardware; }
    public void setHardware(HardwareConfig h) { hardware = h; }

    @PlanningEntityCollectionProperty public List<LayerMapping> getLayers() { return layers; }
    public void setLayers(List<LayerMapping> l) { layers = l; }

    @PlanningScore public HardSoftLongScore getScore() { return score; }
    public void setScore(HardSoftLongScore s) { score = s; }

    public List<MaeriMapping> mappings() { return layers.stream().map(LayerMapping::mapping).toList(); }

    public MaeriSpace.Eval evaluate() {
        return space.evaluate(hardware.getMultipliers(), hardware.getDnBw(), hardware.getRnBw(), hardware.getGbKb(), mappings());
    }
}
