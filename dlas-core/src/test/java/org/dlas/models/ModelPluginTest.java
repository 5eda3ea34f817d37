package org.dlas.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.plugin.NamedPlugins;
import org.dlas.plugin.TestPlugins;
import org.dlas.train.Trainer;
import org.junit.jupiter.api.Test;

/** A model is one class plus one services line: the test-only TinyPluginModel is found through ServiceLoader. */
class ModelPluginTest {
    @Test
    void pluginFollowsTheBuiltInsAndBuildsDeterministically() {
        NamedPlugins<ModelArchitecture> registry = NamedPlugins.load(ModelArchitecture.class, TestPlugins.loader(), ModelArchitecture::name);
        assertEquals(List.of("lenet", "vgg", "resnet", "mobilenetv2", "densenet", "resnet18", "resnet50", "mobilenet_v2", "vgg16",
                "alexnet", "squeezenet1_1", "bert_base_gemms", "test-tiny"), registry.names());
        ModelArchitecture tiny = registry.shared("test-tiny").orElseThrow();
        assertTrue(tiny.trainingRecipe().isEmpty());
        Graph a = tiny.build(7), b = tiny.build(7), c = tiny.build(8);
        assertArrayEquals(ModelIO.toBytes(a, Map.of()), ModelIO.toBytes(b, Map.of()), "the same seed must give the same graph");
        assertFalse(java.util.Arrays.equals(ModelIO.toBytes(a, Map.of()), ModelIO.toBytes(c, Map.of())), "another seed, other weights");
        assertEquals(5, Trainer.logits(a, new float[3 * 32 * 32], 1).length);
        assertFalse(StandardArchitectures.names().contains("test-tiny"), "the shipped registry must not see the test plug-in");
    }

    @Test
    void zooAndStandardArchitecturesComeFromThePlugins() {
        assertEquals(List.of("lenet", "vgg", "resnet", "mobilenetv2", "densenet"), List.copyOf(ModelZoo.names()));
        assertEquals(List.of("resnet18", "resnet50", "mobilenet_v2", "vgg16", "alexnet", "squeezenet1_1", "bert_base_gemms"),
                StandardArchitectures.names());
        // the recipes are the zoo's published ones: a change would retrain every cached model
        assertEquals(2, ModelZoo.recipe("lenet").epochs());
        assertEquals(1, ModelZoo.recipe("resnet").epochs());
    }
}
