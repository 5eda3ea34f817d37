package org.dlas.target;

import java.util.Map;

/** A model ready to run on one target. Closing releases native resources. */
public interface PreparedModel extends AutoCloseable {

    /** Runs {@code n} NCHW images and returns the model's outputs (n x classes). */
    float[] infer(float[] images, int n) throws Exception;

    /**
     * Figures beyond latency and accuracy (cycles, energy, utilisation...), accumulated over the
     * inferences so far; empty for targets that have none.
     */
    default Map<String, Double> extraMetrics() { return Map.of(); }

    /**
     * How this target's latency figure is obtained, printed with results, e.g. "wall clock of
     * Java reference kernels on the host JVM" or "simulated cycles at 200 MHz".
     */
    String howMeasured();

    /** Notes for the result row (e.g. layers that fell back to another primitive). */
    default String notes() { return ""; }

    @Override default void close() { }
}
