package org.dlas.models;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.train.Trainer;

/**
 * Every zoo model, trained with its fixed recipe on the first 58,000 Fashion-MNIST training images
 * (or loaded from the model cache), reaches its accuracy floor on the official 10,000-image test
 * set, and the cached model reproduces the accuracy recorded with it. Cold (empty cache) this
 * trains all five models: a few minutes on 2 cores.
 */
class ZooAccuracyTest {
    /** Test top-1 floors (chance is 10%). */
    static final Map<String, Double> FLOOR = Map.of(
            "lenet", 0.85, "vgg", 0.85, "resnet", 0.85, "mobilenetv2", 0.85, "densenet", 0.85);

    /**
     * Test top-1 as the README's model table prints it (one decimal of a percent). Training is
     * deterministic, so a model that no longer matches its README figure means the recipe, the
     * trainer or the data changed: re-measure and update the table.
     */
    static final Map<String, Double> README_TOP1 = Map.of(
            "lenet", 0.889, "vgg", 0.886, "resnet", 0.877, "mobilenetv2", 0.875, "densenet", 0.869);

    @ParameterizedTest
    @ValueSource(strings = {"lenet", "vgg", "resnet", "mobilenetv2", "densenet"})
    void trainedModelBeatsItsFloor(String name) {
        TrainedModel m = ModelZoo.info(name);
        System.err.printf("%s: test top-1 %.2f%% (floor %.0f%%), trained in %.1f s, %s%n", name, 100 * m.testTop1(),
                100 * FLOOR.get(name), m.trainSeconds(), m.file());
        assertTrue(m.testTop1() >= FLOOR.get(name), name + " test top-1 " + m.testTop1() + " < " + FLOOR.get(name));
        Dataset test = Datasets.load("fashion-mnist").test();
        assertEquals(10_000, test.size());
        assertEquals(m.testTop1(), Trainer.accuracy(ModelZoo.trained(name), test), 1e-12, "cached model reproduces its accuracy");
        // the README's figure, to its printed precision (0.05 points) plus one image
        assertEquals(README_TOP1.get(name), m.testTop1(), 0.0006, name + ": README's model table says " + README_TOP1.get(name));
    }

    @org.junit.jupiter.api.Test
    void floorsCoverTheZoo() {
        assertEquals(ModelZoo.names(), FLOOR.keySet());
        assertEquals(ModelZoo.names(), README_TOP1.keySet());
    }
}
