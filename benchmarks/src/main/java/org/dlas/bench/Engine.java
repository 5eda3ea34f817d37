package org.dlas.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who runs a benchmarked layer: dlas's Java kernels ({@link ConvKernelBenchmark}) or TVM-built
 * code through tvm4j ({@link TvmConvKernelBenchmark}). The benchmark classes are named by string,
 * so that this class (and the planning and summary code) load without the tuner on the class path.
 */
public enum Engine {
    JAVA("org.dlas.bench.ConvKernelBenchmark", List.of("fp32", "int8")),
    TVM("org.dlas.bench.TvmConvKernelBenchmark", List.of(TvmConvKernelBenchmark.PRECISION));

    /** The JMH benchmark method's full name, as in JMH's JSON ({@code benchmark}). */
    public final String benchmark;
    public final List<String> precisions;

    Engine(String benchmarkClass, List<String> precisions) {
        this.benchmark = benchmarkClass + ".conv";
        this.precisions = precisions;
    }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The engine of a JMH result's {@code benchmark} name, or empty for other benchmarks. */
    public static Optional<Engine> ofBenchmark(String benchmark) {
        for (Engine e : values()) if (e.benchmark.equals(benchmark)) return Optional.of(e);
        return Optional.empty();
    }

    /** Why this engine cannot run {@code primitive} on {@code layer}, or empty. */
    public Optional<String> notApplicable(String primitive, String layer) {
        return this == JAVA ? ConvKernelBenchmark.notApplicable(primitive, layer) : TvmApplicability.notApplicable(primitive, layer);
    }
}
