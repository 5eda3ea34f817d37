package org.dlas.tuner.explore;

import java.util.List;

/**
 * A design space {@code dlas explore --accelerator NAME} searches, found with
 * {@link java.util.ServiceLoader} like hardware targets: a new space is one class and its line in
 * {@code META-INF/services/org.dlas.tuner.explore.DesignSpace}. {@link Explorer} runs the same
 * search over every space; a space of independent hardware knobs extends {@link KnobDesignSpace}.
 */
public interface DesignSpace {
    /** The name {@code --accelerator} takes, e.g. {@code maeri}. */
    String name();

    /** What is searched, one line (for {@code --help}). */
    String description();

    /** This space for a model's conv/dense layers; an objective it has no model for is an IllegalArgumentException. */
    SpaceSearch<?> search(List<Explorer.ModelLayer> layers, ExploreSpec spec);
}
