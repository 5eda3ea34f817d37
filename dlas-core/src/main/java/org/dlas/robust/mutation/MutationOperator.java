package org.dlas.robust.mutation;

import org.dlas.ir.Graph;
import org.dlas.robust.GraphChange;

/**
 * A model mutation: a small, deliberate change of a {@link Graph} (an operator replaced, a layer
 * removed, weights rounded to another number format...). Operators are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.dlas.robust.mutation.MutationOperator} to add one.
 * Implementations need a public no-argument constructor and must not modify their input graph.
 */
public interface MutationOperator extends GraphChange {

    /** Category, one of {@link MutationOperators#CATEGORIES} for the built-in ones. */
    String category();

    /**
     * The mutant (a valid graph, named {@code <model>~<operator>}). {@code seed} picks the layer or
     * element where the operator has a choice. Throws {@link IllegalArgumentException} when not applicable.
     */
    Graph apply(Graph g, long seed);
}
