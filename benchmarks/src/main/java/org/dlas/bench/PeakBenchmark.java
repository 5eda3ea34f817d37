package org.dlas.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.Primitives;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * One core's fp32 rate on two shapes, for {@link PeakReport}: a 256x256x256 GEMM (a 1x1
 * convolution, 256 to 256 channels, on 16x16 pixels) and the zoo's largest convolution (resnet's
 * and vgg's 3x3 16 to 16 channels on 14x14; 452k MACs), run by a Java kernel ({@code gemm},
 * {@code spatial-pack}, {@code direct}) on one thread ({@code -Ddlas.kernels.threads=1}) or by
 * ONNX Runtime ({@code ort}: the same layer, weights and input as a one-node ONNX model, one
 * intra-op thread, CPU execution provider). One operation is one layer run on one image; JMH
 * samples the time of single runs, so the fastest run (what the kernel does when the shared
 * machine lets it) can be told from the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Ddlas.kernels.threads=1"})
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class PeakBenchmark {
    /** The ONNX Runtime engine's name among the kernels. */
    public static final String ORT = "ort";

    /** The shapes: name to layer. */
    static final Map<String, Layers.Layer> SHAPES = Map.of(
            "gemm_256x256x256", new Layers.Layer("gemm_256x256x256", new ConvSpec(256, 256, 1, 1, 1, 1, 0, 0, 1), 16, 16),
            "zoo_conv3x3_16to16_14x14", new Layers.Layer("zoo_conv3x3_16to16_14x14", new ConvSpec(16, 16, 3, 3, 1, 1, 1, 1, 1), 14, 14));

    @Param({"gemm_256x256x256", "zoo_conv3x3_16to16_14x14"})
    public String shape;

    @Param({"gemm", "spatial-pack", "direct", ORT})
    public String kernel;

    private PreparedConv java;
    private PreparedModel ort;
    private float[] input;
    private int h, w;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Layers.Layer l = SHAPES.get(shape);
        if (l == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown shape '" + shape + "'; known: " + SHAPES.keySet());
        float[] w = BenchData.denseWeights(l);
        input = BenchData.input(l, 1);
        h = l.inH();
        this.w = l.inW();
        if (ORT.equals(kernel)) {
            // one intra-op thread: the same single core the Java kernel gets
            ort = new org.dlas.ort.OnnxRuntimeTarget().prepare(OneLayerGraph.of(l, w),
                    new Choice(org.dlas.ort.OnnxRuntimeTarget.NAME, Map.of("threads", 1, "optimization", "all")),
                    Choice.of("direct"), Choice.of("none"));
        } else {
            java = Primitives.create(kernel, Map.of()).prepare(l.spec(), w, BenchData.bias(l));
        }
    }

    @Benchmark
    public Object conv() throws Exception {
        return java != null ? java.run(input, 1, h, w) : ort.infer(input, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (ort != null) ort.close();
    }
}
