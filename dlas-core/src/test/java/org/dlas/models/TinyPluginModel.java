package org.dlas.models;

import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.train.TrainRecipe;

/** A test-only model plug-in, listed only in the test resources' plugins/ services file. */
public final class TinyPluginModel implements ModelArchitecture {
    @Override public String name() { return "test-tiny"; }

    @Override public Graph build(long seed) {
        GraphBuilder b = new GraphBuilder(seed);
        String x = b.input(3, 32, 32);
        x = b.relu("relu", b.conv("conv", x, 4, 3, 1, 1, true));
        x = b.flatten("flatten", b.globalAvgPool("gap", x));
        b.dense("fc", x, 5);
        return b.build(name());
    }

    @Override public Optional<TrainRecipe> trainingRecipe() { return Optional.empty(); }
}
