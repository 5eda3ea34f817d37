/**
 * Cycle-level simulators of DNN accelerators - a systolic array ({@link org.dlas.accel.systolic}),
 * MAERI ({@link org.dlas.accel.maeri}) and SIGMA ({@link org.dlas.accel.sigma}) - exposed to dlas
 * as hardware targets ({@link org.dlas.accel.AcceleratorTarget}). Each simulator is an
 * {@link org.dlas.accel.Accelerator}: it runs one conv/dense layer ({@link org.dlas.accel.ConvLayer})
 * through its dataflow, returning the outputs the datapath computed and the layer's statistics
 * ({@link org.dlas.accel.LayerStats}), and has a closed-form analytical model
 * ({@link org.dlas.accel.Accelerator#estimate}) for screening. {@link org.dlas.accel.SimulatedPrimitive}
 * makes a simulator a {@link org.dlas.kernels.ConvPrimitive}, so a whole model runs through
 * {@link org.dlas.runtime.CompiledModel} with its conv/dense layers on the simulated accelerator and
 * the rest on the host. See the module's README for the models, formulas and limitations.
 */
package org.dlas.accel;
