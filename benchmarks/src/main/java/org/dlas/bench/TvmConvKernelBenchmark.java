package org.dlas.bench;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.apache.tvm.Device;
import org.dlas.kernels.Parallel;
import org.dlas.tuner.tvm.CompiledLibrary;
import org.dlas.tuner.tvm.CpuTarget;
import org.dlas.tuner.tvm.TvmBuildOptions;
import org.dlas.tuner.tvm.TvmCompiler;
import org.dlas.tuner.tvm.TvmGraphModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same layers, weights and inputs as {@link ConvKernelBenchmark}, built by TVM 0.18 (LLVM,
 * untuned: TVM's default schedules for the chosen primitive, opt_level 3) and run through tvm4j:
 * the TVM counterpart of the Java kernels, fp32 only.
 *
 * <p>{@code @Setup} builds a one-layer graph ({@link OneLayerGraph}) with {@link BenchData}'s pruned
 * weights and compiles it with the tuner's {@link TvmCompiler} in a child JVM; builds are cached
 * by content under the dlas cache ({@code <cache>/tvm}), so only the first run of a case pays the
 * compile (tens of seconds). It then loads the library into TVM's graph executor.
 *
 * <p><b>What one operation is.</b> {@code TvmGraphModel.infer}: copy the input from a Java array
 * into TVM's input tensor, run the graph, copy the output tensor back into a new Java array. The
 * time therefore includes tvm4j's two copies and JNI calls, which the Java kernels do not pay;
 * on the small layers they are a visible part of it. TVM runs its own thread pool (all cores, or
 * {@code TVM_NUM_THREADS} from the environment), whatever the layer size.
 *
 * <p><b>Inapplicable pairs</b> ({@link TvmApplicability}): csr and bsr on convolutions (TVM's
 * sparse kernels take dense layers only), winograd on anything but 3x3 stride 1, any primitive on
 * grouped/depthwise convolutions, and direct/spatial-pack/winograd on dense layers (TVM builds
 * nn.dense for all of them, measured as gemm). Like {@link ConvKernelBenchmark}, such a pair fails
 * in {@code @Setup} with a message starting with {@value ConvKernelBenchmark#SKIP_PREFIX};
 * {@link KernelBench} never schedules them.
 *
 * <p>The JVM needs {@code -Ddlas.native.dir=DIR -Djava.library.path=DIR} (tvm4j's native library
 * is linked there); {@code KernelBench --tvm} passes both to its forks.
 */
public class TvmConvKernelBenchmark extends LayerCaseBenchmark {
    /** The only precision measured (int8 builds exist in the tuner, but not as single-layer kernels here). */
    public static final String PRECISION = "fp32";
    public static final String CODEGEN = "untuned";
    public static final int OPT_LEVEL = 3;

    private TvmGraphModel model;
    private float[] input;

    /** The build options of one case: the LLVM target for this CPU and the kernel threads, TVM's default schedules. */
    static TvmBuildOptions buildOptions(String primitive, int batch) {
        return new TvmBuildOptions(CpuTarget.llvmTarget(Parallel.parallelism()), primitive, Map.of(), CODEGEN,
                OPT_LEVEL, 0, "", batch, 0);
    }

    @Setup(Level.Trial)
    public void setup() throws IOException, InterruptedException {
        Optional<String> why = TvmApplicability.notApplicable(primitive, layer);
        if (why.isPresent()) throw new IllegalStateException(ConvKernelBenchmark.SKIP_PREFIX + "tvm " + primitive + " on " + layer + ": " + why.get());
        Layers.Layer shape = Layers.get(layer);
        CompiledLibrary built = TvmCompiler.standard().compile(OneLayerGraph.of(shape, BenchData.prunedWeights(shape, sparsity)),
                buildOptions(primitive, batch));
        if (!built.notApplicable().isEmpty()) { // the build did not use the primitive: never measure a substitute
            throw new IllegalStateException(ConvKernelBenchmark.SKIP_PREFIX + "tvm " + primitive + " on " + layer + ": " + built.notApplicable());
        }
        int outputSize = shape.spec().outChannels() * shape.spec().outH(shape.inH()) * shape.spec().outW(shape.inW());
        model = new TvmGraphModel(built, Device.cpu(), batch, OneLayerGraph.inputShape(shape), outputSize);
        input = BenchData.input(shape, batch);
    }

    /** One layer run through tvm4j (input copy in, graph run, output copy out); the output goes to JMH's blackhole. */
    @Benchmark
    public Object conv() {
        return model.infer(input, batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (model != null) model.close();
    }
}
