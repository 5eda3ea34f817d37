/**
 * Running jobs on the native SystemC designs: {@link org.dlas.fpga.sim.WorkerPool} (worker
 * processes over stdin/stdout, isolation, restart on death; the default) and
 * {@link org.dlas.fpga.sim.JnaSimulator} (in-process through JNA), both behind
 * {@link org.dlas.fpga.sim.Simulator}; {@link org.dlas.fpga.sim.NativeFiles} finds the built
 * executable and says why it is missing.
 */
package org.dlas.fpga.sim;
