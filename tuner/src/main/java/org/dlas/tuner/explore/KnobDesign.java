package org.dlas.tuner.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.calculator.EasyScoreCalculator;

/** Planning solution for a {@link KnobDesignSpace}: one {@link KnobSetting} per knob. */
@PlanningSolution
public class KnobDesign {
    private KnobSearch search;
    /** Score evaluations (shared by every clone of this solution). */
    private AtomicLong evaluations;
    private List<KnobSetting> settings;
    private HardSoftLongScore score;

    public KnobDesign() { }

    KnobDesign(KnobSearch search, List<Integer> values) {
        this.search = search;
        this.evaluations = new AtomicLong();
        this.settings = new ArrayList<>();
        for (int k = 0; k < values.size(); k++) settings.add(new KnobSetting(search.knobs().get(k).options(), values.get(k)));
    }

    AtomicLong evaluations() { return evaluations; }

    @PlanningEntityCollectionProperty public List<KnobSetting> getSettings() { return settings; }
    public void setSettings(List<KnobSetting> s) { settings = s; }

    @PlanningScore public HardSoftLongScore getScore() { return score; }
    public void setScore(HardSoftLongScore s) { score = s; }

    List<Integer> values() { return settings.stream().map(KnobSetting::getValue).toList(); }

    /** Hard = minus the violation, soft = minus the analytical cycles. */
    public static class Score implements EasyScoreCalculator<KnobDesign, HardSoftLongScore> {
        @Override public HardSoftLongScore calculateScore(KnobDesign d) {
            if (d.evaluations != null) d.evaluations.incrementAndGet();
            List<Integer> values = d.values();
            return HardSoftLongScore.of(-d.search.violation(values), -d.search.cycles(values));
        }
    }
}
