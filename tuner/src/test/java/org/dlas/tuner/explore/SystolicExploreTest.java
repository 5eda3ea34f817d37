package org.dlas.tuner.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.models.ModelZoo;
import org.junit.jupiter.api.Test;

/** The systolic array's rows/cols/dataflow/SRAM search on resnet. */
class SystolicExploreTest {

    @Test void findsTheExhaustiveOptimumWithinTheAreaBudgetAndConfirmsIt() {
        ExploreResult r = new Explorer().confirmImages(1).explore(ModelZoo.trained("resnet"), new ExploreSpec("systolic", "cycles", 3.0, 2, 3));
        ExploreCommand.print(r, System.out);
        assertTrue(r.best().feasible());
        assertTrue(r.best().areaMm2() <= 3.0, "area " + r.best().areaMm2());
        assertNotNull(r.exhaustiveOptimum());
        assertEquals(r.exhaustiveOptimum().longValue(), r.best().objective());
        assertTrue(r.gapToRandom() >= 0);
        ExploreResult.Confirmation c = r.confirmation();
        assertTrue(c.analyticalError() <= SystolicSearch.STATED_MODEL_BOUND, "model error " + c.analyticalError());
        assertTrue(c.maxLayerError() <= SystolicSearch.STATED_LAYER_BOUND, "layer error " + c.maxLayerError());
    }

    @Test void energyIsRefusedForTheSystolicArray() {
        assertEquals(ErrorKind.UNSUPPORTED, assertThrows(InvalidInputException.class,
                () -> new Explorer().confirmImages(0).explore(ModelZoo.trained("lenet"), new ExploreSpec("systolic", "energy", 3.0, 1, 1))).kind());
    }
}
