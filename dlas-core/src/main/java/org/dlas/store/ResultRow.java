package org.dlas.store;

import java.util.Map;

/**
 * One measured (or skipped, or failed) point of a sweep: the full point definition, what it
 * measured, and where it was measured. Nullable boxed fields are "not applicable / not measured".
 *
 * @param pointHash     canonical hash of the full point definition (the resume key)
 * @param sweep         the sweep's name
 * @param status        {@link Status}
 * @param pointJson     canonical JSON of the whole point (every layer choice and parameter, measurement settings)
 * @param labels        axis name (dataset, model, compression, primitive, codegen, hardware) to a short label such as {@code prune(sparsity=0.5)}
 * @param metrics       named figures: see {@link Metric} for the standard names; targets may add their own (e.g. {@code sim.utilisation})
 * @param predictions   per-image predicted top-1 labels on the test split, in test-split order (null when not measured)
 * @param message       error text or skip reason; notes for ok rows
 * @param machine       host description (os, arch, cores, JVM)
 * @param versions      dlas and library versions that produced the row
 * @param seed          the seed the point ran with
 * @param startedAt     ISO-8601 instant
 * @param elapsedSeconds wall time spent on the point
 */
public record ResultRow(String pointHash, String sweep, Status status, String pointJson,
                        Map<String, String> labels, Map<String, Double> metrics, int[] predictions,
                        String message, String machine, String versions, long seed,
                        String startedAt, double elapsedSeconds) implements java.io.Serializable {

    public enum Status { OK, ERROR, SKIPPED }

    /** Standard metric names. */
    public static final class Metric {
        public static final String TOP1 = "top1";
        public static final String TOP5 = "top5";
        public static final String TEST_IMAGES = "test_images";
        public static final String LATENCY_MEDIAN_MS = "latency_median_ms";
        public static final String LATENCY_P10_MS = "latency_p10_ms";
        public static final String LATENCY_P90_MS = "latency_p90_ms";
        public static final String LATENCY_REPEATS = "latency_repeats";
        public static final String MODEL_SIZE_BYTES = "model_size_bytes";
        public static final String SPARSITY = "sparsity";
        public static final String MACS = "macs";
        public static final String PARAMS = "params";
        public static final String CYCLES = "cycles";
        public static final String ENERGY_UJ = "energy_uj";
        public static final String LABEL_DIFF_SHARE = "label_diff_share";
        public static final String MAX_OUTPUT_DEVIATION = "max_output_deviation";
        private Metric() { }
    }
}
