package org.dlas.models;

import java.util.Optional;

import org.dlas.ir.Graph;
import org.dlas.train.TrainRecipe;

/**
 * A model the {@code model:} axis and every command taking a model name can use, found with
 * {@link java.util.ServiceLoader}: one class (public, no-argument constructor) and its line in
 * {@code META-INF/services/org.dlas.models.ModelArchitecture}. With a training recipe it is a zoo
 * model, trained deterministically on the data set on first use and cached (its graph must take
 * 1 x 28 x 28 images and end in 10 logits); without one it is an architecture studied untrained,
 * with weights seeded by {@link org.dlas.sweep.ModelSource#UNTRAINED_SEED} (sweeps record no
 * accuracy for it), as the standard architectures are.
 */
public interface ModelArchitecture {
    /** The name sweep files and commands use. */
    String name();

    /** The graph, its weights drawn from {@code seed} (the same seed gives the same graph). */
    Graph build(long seed);

    /** How the zoo trains it; empty for a model used with its seeded weights. */
    Optional<TrainRecipe> trainingRecipe();
}
