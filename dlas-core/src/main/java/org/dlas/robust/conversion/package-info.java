/**
 * Conversion fault localisation and repair, on the JVM alone.
 * <ul>
 *   <li>{@link org.dlas.robust.conversion.RoundTrip}: the conversion studied, a dlas graph exported to ONNX and imported back;</li>
 *   <li>{@link org.dlas.robust.conversion.ConversionFault}: faults a buggy converter could introduce, injected into the
 *       converted graph (found with ServiceLoader; {@link org.dlas.robust.conversion.ConversionFaults} selects them by name);
 *       each returns an {@link org.dlas.robust.conversion.Injection}, ground truth that the localiser never reads;</li>
 *   <li>{@link org.dlas.robust.conversion.FaultLocaliser}: source against converted, by {@link org.dlas.robust.conversion.Stage}
 *       (input preprocessing, graph, hyperparameters, parameters), confirmed by per-node activations and label
 *       differences on test images;</li>
 *   <li>{@link org.dlas.robust.conversion.ConversionRepairer}: one fix per finding, label differences re-measured after each;</li>
 *   <li>{@link org.dlas.robust.conversion.RepairCommand} ({@code repair}) and {@link org.dlas.robust.conversion.RepairReport}: the CLI and its report.</li>
 * </ul>
 */
package org.dlas.robust.conversion;
