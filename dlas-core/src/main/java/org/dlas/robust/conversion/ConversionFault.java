package org.dlas.robust.conversion;

import java.util.Optional;

import org.dlas.ir.Graph;

/**
 * A fault a buggy converter could introduce, injected into the converted graph. Kinds are found
 * with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.dlas.robust.conversion.ConversionFault}. Implementations need a
 * public no-argument constructor and must not modify their input graph.
 */
public interface ConversionFault {

    /** Unique name, e.g. {@code wrong-padding}. */
    String name();

    /** The stage the fault belongs to (what a correct localisation names). */
    Stage stage();

    /** One line saying what the fault changes. */
    String describe();

    /** Empty when {@link #inject} can change {@code converted}; otherwise why not. */
    Optional<String> notApplicable(Graph converted);

    /** The faulty graph; {@code seed} picks the node where the kind has a choice. */
    Injection inject(Graph converted, long seed);
}
