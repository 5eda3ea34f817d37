package org.dlas.store;

import java.util.List;

import org.dlas.store.ResultRow.Metric;

/**
 * The fixed column vocabulary shared by the store, the CSV export, the terminal table and the report.
 *
 * <p>Conventions for the standard metrics (all producers must follow them):
 * <ul>
 *   <li>{@code top1}, {@code top5}, {@code sparsity}, {@code label_diff_share} are <b>fractions in [0, 1]</b>;
 *       human-facing outputs show them multiplied by 100 as percentages.</li>
 *   <li>Latencies are milliseconds per inference ({@code latency_median_ms} is the median over
 *       {@code latency_repeats} timed repeats, {@code latency_p10_ms}/{@code latency_p90_ms} the 10th/90th percentiles).</li>
 *   <li>{@code model_size_bytes} is bytes, {@code energy_uj} microjoules, {@code macs}/{@code params}/{@code cycles} are counts.</li>
 * </ul>
 */
public final class ResultColumns {

    /** The six standard axis labels, in stack order (same keys as {@code org.dlas.spec.Axis#key()}). */
    public static final List<String> AXES = List.of("dataset", "model", "compression", "primitive", "codegen", "hardware");

    /**
     * Every standard metric of {@link Metric}, in the order used for columns. A unit test checks this list against
     * the constants declared in {@link Metric}; when a constant is added there, add it here too (the SQLite store
     * then adds the column to existing databases automatically on open).
     */
    public static final List<String> METRICS = List.of(
            Metric.TOP1, Metric.TOP5, Metric.TEST_IMAGES,
            Metric.LATENCY_MEDIAN_MS, Metric.LATENCY_P10_MS, Metric.LATENCY_P90_MS, Metric.LATENCY_REPEATS,
            Metric.MODEL_SIZE_BYTES, Metric.SPARSITY, Metric.MACS, Metric.PARAMS, Metric.CYCLES, Metric.ENERGY_UJ,
            Metric.LABEL_DIFF_SHARE, Metric.MAX_OUTPUT_DEVIATION);

    private ResultColumns() { }

    /** True when {@code name} is one of {@link #METRICS}. */
    public static boolean isStandardMetric(String name) { return METRICS.contains(name); }

    /** True when {@code name} is one of {@link #AXES}. */
    public static boolean isStandardAxis(String name) { return AXES.contains(name); }
}
