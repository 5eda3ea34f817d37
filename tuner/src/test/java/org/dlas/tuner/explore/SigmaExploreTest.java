package org.dlas.tuner.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.models.ModelZoo;
import org.junit.jupiter.api.Test;

/** SIGMA's multipliers/bandwidths/buffer search (a KnobDesignSpace found through ServiceLoader) on lenet. */
class SigmaExploreTest {

    @Test void findsTheExhaustiveOptimumWithinTheAreaBudgetAndConfirmsIt() {
        ExploreResult r = new Explorer().confirmImages(1).explore(ModelZoo.trained("lenet"), new ExploreSpec("sigma", "cycles", 1.5, 2, 3));
        ExploreCommand.print(r, System.out);
        assertEquals(5 * 7 * 7 * 3, r.spaceSize());
        assertTrue(r.best().feasible());
        assertTrue(r.best().areaMm2() <= 1.5, "area " + r.best().areaMm2());
        assertTrue(r.best().dnBw() <= r.best().multipliers() && r.best().rnBw() <= r.best().multipliers(), r.best().hardware());
        assertNotNull(r.exhaustiveOptimum());
        assertEquals(r.exhaustiveOptimum().longValue(), r.best().objective());
        assertTrue(r.gapToRandom() >= 0);
        ExploreResult.Confirmation c = r.confirmation();
        assertTrue(c.analyticalError() <= SigmaDesignSpace.STATED_MODEL_BOUND, "model error " + c.analyticalError());
        assertTrue(c.maxLayerError() <= SigmaDesignSpace.STATED_LAYER_BOUND, "layer error " + c.maxLayerError());
    }

    @Test void energyIsRefusedForSigma() {
        assertEquals(ErrorKind.UNSUPPORTED, assertThrows(InvalidInputException.class,
                () -> new Explorer().confirmImages(0).explore(ModelZoo.trained("lenet"), new ExploreSpec("sigma", "energy", 3.0, 1, 1))).kind());
    }
}
