package org.dlas.tuner.explore;

import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.calculator.EasyScoreCalculator;

/** Hard = minus the total constraint violation, soft = minus the objective (analytical model). */
public class DesignScore implements EasyScoreCalculator<MaeriDesign, HardSoftLongScore> {
    @Override public HardSoftLongScore calculateScore(MaeriDesign d) {
        if (d.evaluations() != null) d.evaluations().incrementAndGet();
        MaeriSpace.Eval e = d.evaluate();
        return HardSoftLongScore.of(-e.hardViolation(), -e.objective());
    }
}
