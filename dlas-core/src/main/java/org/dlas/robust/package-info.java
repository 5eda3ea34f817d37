/**
 * Robustness studies of models across execution environments.
 * <ul>
 *   <li>{@link org.dlas.robust.mutation.MutationOperator}: model mutations as IR graph edits (found with ServiceLoader;
 *       {@link org.dlas.robust.mutation.MutationOperators} selects them by name and category);</li>
 *   <li>{@link org.dlas.robust.MutationCampaign}: every mutant on every {@link org.dlas.robust.Environment}
 *       (target/primitive/precision), compared with the original model on the same environment (MutateNN's oracle:
 *       top-1 label difference), kill matrix, mutation score per environment, cross-environment discrepancy;
 *       results in a {@link org.dlas.store.SqliteResultStore} plus CSV, heat map and Markdown ({@link org.dlas.robust.CampaignReport});</li>
 *   <li>{@link org.dlas.robust.BitFlipStudy}: single-bit-flip fault injection in fp32 and int8 weights (and fp32 activations);</li>
 *   <li>{@link org.dlas.robust.conversion}: conversion fault localisation and repair of the ONNX round trip ({@code repair});</li>
 *   <li>{@link org.dlas.robust.MutateCommand} ({@code mutate}) and {@link org.dlas.robust.FaultsCommand} ({@code faults}): the CLI.</li>
 * </ul>
 */
package org.dlas.robust;
