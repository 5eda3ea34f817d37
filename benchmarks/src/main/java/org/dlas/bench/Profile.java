package org.dlas.bench;

import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * How much {@link KernelBench} measures. Dense primitives (direct, gemm, spatial-pack, winograd)
 * do the same work whatever the weight values, so quick and default run them at sparsity 0 only
 * and compare the sparse ones against that; full also measures them at every sparsity.
 *
 * <p>Durations are for the 2-core development machine (see benchmarks/README.md); {@link #estimateSeconds}
 * gives the estimate printed before a run.
 */
public enum Profile {
    /** ~2.5 minutes: three representative Fashion-MNIST layers, four sparsities, short iterations. */
    QUICK(List.of("conv3x3_16to32_14x14", "conv1x1_32to64_7x7", "dense_1568to128"),
            List.of(0.0, 0.7, 0.9, 0.95), false, 1, 2, 400, 8, 100),
    /** ~22 minutes: every layer and sparsity, one fork, 3 x 0.5 s warm-up, 5 x 0.5 s measured. */
    DEFAULT(Layers.names(), List.of(0.0, 0.5, 0.7, 0.8, 0.9, 0.95), false, 1, 3, 500, 5, 500),
    /** Hours: dense primitives at every sparsity too, two forks, 4 x 1 s warm-up, 8 x 1 s measured. */
    FULL(Layers.names(), List.of(0.0, 0.5, 0.7, 0.8, 0.9, 0.95), true, 2, 4, 1000, 8, 1000);

    /** Time a fork costs beyond its iterations (JVM start, JMH set-up, weight packing), measured here. */
    static final double FORK_OVERHEAD_S = 0.5;

    public final List<String> layers;
    public final List<Double> sparsities;
    public final boolean denseAtAllSparsities;
    public final Iterations iterations;

    Profile(List<String> layers, List<Double> sparsities, boolean denseAtAllSparsities, int forks,
            int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis) {
        this.layers = layers;
        this.sparsities = sparsities;
        this.denseAtAllSparsities = denseAtAllSparsities;
        this.iterations = new Iterations(forks, warmupIterations, warmupMillis, measurementIterations, measurementMillis);
    }

    /** How JMH runs each benchmark: forks, then warm-up and measured iterations of the given length. */
    public record Iterations(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis) {
        /** These settings on a JMH options builder. */
        public ChainedOptionsBuilder applyTo(ChainedOptionsBuilder b) {
            return b.forks(forks)
                    .warmupIterations(warmupIterations)
                    .warmupTime(TimeValue.milliseconds(warmupMillis))
                    .measurementIterations(measurementIterations)
                    .measurementTime(TimeValue.milliseconds(measurementMillis));
        }

        /** As the plan's first line says it. */
        public String describe() {
            return String.format(Locale.ROOT, "%d fork(s), warm-up %d x %d ms, measurement %d x %d ms",
                    forks, warmupIterations, warmupMillis, measurementIterations, measurementMillis);
        }

        /** Seconds of one fork's iterations (an iteration runs at least one op, so slow layers take longer). */
        double forkSeconds() {
            return (warmupIterations * warmupMillis + measurementIterations * measurementMillis) / 1000.0;
        }
    }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static Profile parse(String s) {
        for (Profile p : values()) if (p.id().equals(s)) return p;
        throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "profile must be quick, default or full, got '" + s + "'");
    }

    /**
     * What a TVM case's fork costs beyond a Java one's when its build is cached (loading TVM's
     * runtime through JavaCPP and tvm4j, the graph executor), measured on the dev machine.
     */
    static final double TVM_FORK_OVERHEAD_S = 3.0;
    /** What building a TVM case costs the first time (a child JVM starting TVM's Python), measured; cached afterwards. */
    static final double TVM_BUILD_S = 8.0;

    /** Rough wall-clock seconds for the cases of a plan: TVM cases with cached builds, and the extra if none is built yet. */
    public double[] estimateSeconds(List<BenchCase> cases) {
        long tvm = cases.stream().filter(c -> c.engine() == Engine.TVM).count();
        double cached = estimateSeconds(cases.size()) + tvm * iterations.forks() * TVM_FORK_OVERHEAD_S;
        return new double[] {cached, cached + tvm * TVM_BUILD_S};
    }

    /** Rough wall-clock seconds for {@code benchmarks} benchmarks (an iteration runs at least one op, so slow layers take longer). */
    public double estimateSeconds(int benchmarks) {
        double perFork = iterations.forkSeconds() + FORK_OVERHEAD_S;
        return benchmarks * iterations.forks() * perFork;
    }
}
