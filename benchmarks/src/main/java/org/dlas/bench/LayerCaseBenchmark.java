package org.dlas.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parameters of every single-layer kernel benchmark, Java's and TVM's: which primitive runs
 * which layer of {@link Layers}, with weights pruned to which sparsity ({@link BenchData}), at
 * which batch size, and the JMH settings they share (annotations JMH inherits); {@link KernelBench}
 * sets the parameters and the iterations of its profile per case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public abstract class LayerCaseBenchmark {
    @Param({"direct", "gemm", "spatial-pack", "winograd", "csr", "bsr"})
    public String primitive;

    @Param({"conv3x3_1to16_28x28", "conv3x3_16to32_14x14", "conv3x3_s2_16to32_28x28", "conv3x3_32to64_7x7",
            "conv1x1_32to64_7x7", "dw3x3_32_14x14", "dense_1568to128", "dense_512to10", "conv3x3_64to64_56x56"})
    public String layer;

    @Param({"0", "0.5", "0.7", "0.8", "0.9", "0.95"})
    public double sparsity;

    @Param({"1"})
    public int batch;
}
