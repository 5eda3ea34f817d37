package org.dlas.models;

import java.util.Optional;
import java.util.function.LongFunction;

import org.dlas.ir.Graph;
import org.dlas.train.TrainRecipe;

/** dlas's own models: a name, a seeded builder and, for the zoo's, a recipe; each subclass only names them. */
abstract class BuiltInArchitecture implements ModelArchitecture {
    private final String name;
    private final LongFunction<Graph> builder;
    private final TrainRecipe recipe;

    BuiltInArchitecture(String name, LongFunction<Graph> builder, TrainRecipe recipe) {
        this.name = name;
        this.builder = builder;
        this.recipe = recipe;
    }

    @Override public final String name() { return name; }

    @Override public final Graph build(long seed) { return builder.apply(seed); }

    @Override public final Optional<TrainRecipe> trainingRecipe() { return Optional.ofNullable(recipe); }
}
