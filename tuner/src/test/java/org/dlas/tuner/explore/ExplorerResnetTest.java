package org.dlas.tuner.explore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlas.accel.Precision;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriMapping;
import org.dlas.accel.maeri.MaeriSimulator;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One exploration of trained resnet (cycles, 4 mm^2, seed 1: the README's measured setting, with a
 * 3 s limit instead of 20 s), checked from several sides, the README's 3.2x over the default included.
 */
class ExplorerResnetTest {
    static final double BUDGET = 4.0;
    static Graph resnet;
    static List<Explorer.ModelLayer> layers;
    static ExploreResult result;

    @BeforeAll static void explore() {
        resnet = ModelZoo.trained("resnet");
        layers = Explorer.layers(resnet);
        result = new Explorer().confirmImages(1).explore(resnet, ExploreSpec.maeri("cycles", BUDGET, 3, 1));
        ExploreCommand.print(result, System.out);
    }

    @Test void everyReturnedMappingSatisfiesTheHardConstraints() {
        ExploreResult.Design b = result.best();
        assertTrue(b.feasible(), "best design infeasible: " + b);
        assertEquals(layers.size(), b.layers().size());
        MaeriConfig cfg = new MaeriConfig(b.multipliers(), b.dnBw(), b.rnBw(), b.gbKb(), 32, 200, null);
        assertTrue(b.dnBw() <= b.multipliers() && b.rnBw() <= b.multipliers());
        double area = new MaeriSimulator(cfg).areaMm2(Precision.FP32);
        assertTrue(area <= BUDGET, "area " + area + " over the budget " + BUDGET);
        for (int i = 0; i < layers.size(); i++) {
            MaeriMapping m = b.layers().get(i).mapping();
            var shape = layers.get(i).shape();
            assertDoesNotThrow(() -> m.validate(shape, cfg.multipliers()), layers.get(i).name());
            // buffer capacity: a weight tile and a step's input footprint fit their halves of the global buffer
            long weightBytes = (long) m.tG() * m.tK() * m.tC() * m.tR() * m.tS() * 4;
            assertTrue(weightBytes <= cfg.gbKb() * 512L);
        }
        // the score-over-time trace ends at the returned best and only improves
        List<ExploreResult.ScorePoint> t = result.scoreOverTime();
        assertTrue(t.size() >= 2);
        ExploreResult.ScorePoint last = t.get(t.size() - 1);
        assertEquals(0, last.hard());
        assertEquals(-b.objective(), last.soft());
        for (int i = 1; i < t.size(); i++) {
            ExploreResult.ScorePoint a = t.get(i - 1), c = t.get(i);
            assertTrue(c.ms() >= a.ms() && (c.hard() > a.hard() || (c.hard() == a.hard() && c.soft() > a.soft())), "not improving at " + i);
        }
    }

    @Test void beatsTheDefaultAndRandomSearchAndComparesWithTheExhaustiveOptimum() {
        // the README's figure: 3.2x (x3.17) over the default MAERI configuration, analytical and cycle-level
        assertTrue(result.speedupOverDefault() >= 3.0, "speedup " + result.speedupOverDefault());
        assertTrue(result.cycleSpeedupOverDefault() >= 3.0, "cycle speedup " + result.cycleSpeedupOverDefault());
        assertNotNull(result.gapToRandom());
        assertTrue(result.gapToRandom() >= 0, "random search (" + result.randomEvaluations() + " evaluations) found " + result.randomBest().objective()
                + " < optaplanner's " + result.best().objective());
        assertEquals(result.evaluations(), result.randomEvaluations());
        assertTrue(result.gapToRandomSameTime() >= 0, "random search in the same time found " + result.randomSameTime().objective());
        // another seed for the random baseline, same evaluation budget
        MaeriSpace space = MaeriSpace.standard(layers.stream().map(Explorer.ModelLayer::name).toList(),
                layers.stream().map(Explorer.ModelLayer::shape).toList(), "cycles", BUDGET);
        Baselines.Point other = Baselines.random(space, result.evaluations(), 99);
        assertTrue(other.eval().hardViolation() > 0 || other.eval().objective() >= result.best().objective(),
                "random search (seed 99) found " + other.eval().objective());
        assertNotNull(result.exhaustiveOptimum());
        assertTrue(result.exhaustiveOptimum() <= result.best().objective(), "exhaustive must be a lower bound");
        assertTrue(result.gapToExhaustive() <= 0.10, "gap to the exhaustive optimum " + result.gapToExhaustive());
    }

    @Test void cycleLevelConfirmationIsWithinTheStatedAnalyticalError() {
        ExploreResult.Confirmation c = result.confirmation();
        assertNotNull(c);
        assertEquals(1, c.images());
        assertEquals(result.best().cycles(), c.analyticalCycles(), "the confirmation's analytical figure is the searched one");
        assertTrue(c.analyticalError() <= Explorer.STATED_MODEL_BOUND, "model error " + c.analyticalError());
        assertTrue(c.maxLayerError() <= Explorer.STATED_LAYER_BOUND, "layer error " + c.maxLayerError());
        assertTrue(c.simulatedSpeedupOverDefault() >= 3.0, "simulated speedup (README: 3.2x) " + c.simulatedSpeedupOverDefault());
    }
}
