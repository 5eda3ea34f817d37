package org.dlas.accel;

/**
 * The outputs a simulated layer computed (NKHW accumulators, bias not added: fp32 values in fp32
 * mode, exact integers in int8 mode) and its statistics.
 */
public record LayerResult(double[] outputs, LayerStats stats) { }
