package org.dlas.accel.systolic.scalesim;

/** A read SRAM in front of DRAM: serves one cycle's requests and reports its DRAM traffic. */
interface ReadBuffer {
    /**
     * Serves the words {@code addrs[0..n)} (entries of -1 are idle ports) asked for in {@code cycle};
     * returns the cycle the last one is available (the hit latency is one cycle).
     */
    long serve(int[] addrs, int n, long cycle);

    /** Called once after the last request. */
    default void finish() { }

    long dramReads();
    long dramStartCycle();
    long dramStopCycle();
}
