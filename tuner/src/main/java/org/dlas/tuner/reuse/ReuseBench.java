package org.dlas.tuner.reuse;

import java.util.function.Consumer;

/**
 * How {@link DonorRanking} and {@link BudgetComparison} build and time a model: the builds, the
 * latency meter and where progress lines go.
 */
public record ReuseBench(ReuseBuilds builds, LatencyMeter meter, Consumer<String> progress) { }
