package org.dlas.fpga.sim;

/** A finished job: its counters and the int32 results its STORE instructions streamed out, in order. */
public record SimResult(SimStats stats, int[] results) { }
