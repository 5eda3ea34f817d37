/**
 * Mutation operators: each a small class changing one thing of a {@link org.dlas.ir.Graph} (never its input), listed in
 * {@code META-INF/services/org.dlas.robust.mutation.MutationOperator}. Categories: conditional, arithmetic-types, layer,
 * input, activation, weights. Operators that cannot be expressed on a model say why through {@code notApplicable}.
 */
package org.dlas.robust.mutation;
