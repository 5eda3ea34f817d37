package org.dlas.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The parameters of every single-layer kernel benchmark, Java's and TVM's: which primitive runs
 * which layer of {@link Layers}, with weights pruned to which sparsity ({@link BenchData}), at
 * which batch size. JMH reads them from this superclass; {@link KernelBench} sets them per case.
 */
@State(Scope.Benchmark)
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
