package org.dlas.tuner.explore;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicConfig;
import org.optaplanner.core.api.domain.solution.PlanningEntityProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.calculator.EasyScoreCalculator;

/** Planning solution for the systolic array: one hardware entity (the dataflow maps every layer). */
@PlanningSolution
public class SystolicDesign {
    private SystolicSpace space;
    private AtomicLong evaluations;
    private SystolicHardware hardware;
    private HardSoftLongScore score;

    public SystolicDesign() { }

    public SystolicDesign(SystolicSpace space, SystolicHardware hardware) {
        this.space = space;
        this.hardware = hardware;
        this.evaluations = new AtomicLong();
    }

    public SystolicSpace space() { return space; }
    public AtomicLong evaluations() { return evaluations; }

    @ValueRangeProvider(id = "sizes") public List<Integer> sizeRange() { return space.sizes(); }
    @ValueRangeProvider(id = "dataflows") public List<Dataflow> dataflowRange() { return space.dataflows(); }
    @ValueRangeProvider(id = "srams") public List<Integer> sramRange() { return space.srams(); }

    @PlanningEntityProperty public SystolicHardware getHardware() { return hardware; }
    public void setHardware(SystolicHardware h) { hardware = h; }

    @PlanningScore public HardSoftLongScore getScore() { return score; }
    public void setScore(HardSoftLongScore s) { score = s; }

    public SystolicConfig config() {
        SystolicHardware h = hardware;
        return space.config(h.getRows(), h.getCols(), h.getDataflow(), h.getIfmapKb(), h.getFilterKb(), h.getOfmapKb());
    }

    /** Hard = minus the area over budget, soft = minus the analytical cycles. */
    public static class Score implements EasyScoreCalculator<SystolicDesign, HardSoftLongScore> {
        @Override public HardSoftLongScore calculateScore(SystolicDesign d) {
            if (d.evaluations != null) d.evaluations.incrementAndGet();
            SystolicConfig cfg = d.config();
            return HardSoftLongScore.of(-d.space.violation(cfg), -d.space.cycles(cfg));
        }
    }
}
