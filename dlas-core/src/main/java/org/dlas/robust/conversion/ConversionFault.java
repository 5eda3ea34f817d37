package org.dlas.robust.conversion;

import org.dlas.ir.Graph;
import org.dlas.robust.GraphChange;

/**
 * A fault a buggy converter could introduce, injected into the converted graph. Kinds are found
 * with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.dlas.robust.conversion.ConversionFault}. Implementations need a
 * public no-argument constructor and must not modify their input graph.
 */
public interface ConversionFault extends GraphChange {

    /** The stage the fault belongs to (what a correct localisation names). */
    Stage stage();

    /** The faulty graph; {@code seed} picks the node where the kind has a choice. */
    Injection inject(Graph converted, long seed);
}
