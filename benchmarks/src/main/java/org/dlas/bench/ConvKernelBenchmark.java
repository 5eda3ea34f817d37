package org.dlas.bench;

import java.util.Map;
import java.util.Optional;

import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.PreparedConvInt8;
import org.dlas.kernels.Primitives;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * One prepared layer run per benchmark invocation: {@code prepare} (weight packing) happens once
 * in {@link #setup()}, the measured operation is {@code run(input)} including the output
 * allocation the kernel does per run. The score is the average time per run.
 *
 * <p>Parameters: every primitive of {@link Primitives#names()} (bsr with its default 4x4 blocks),
 * both precisions, the layers of {@link Layers}, magnitude-pruned weights at the given sparsity
 * ({@link BenchData}) and a batch size (default 1: the latency case of small-model inference).
 * Kernel threads follow {@code -Ddlas.kernels.threads} (default: all cores); layers under
 * {@code Parallel.thresholdMacs()} run on one thread whatever that says.
 *
 * <p><b>Inapplicable pairs.</b> Winograd F(2x2,3x3) cannot run 1x1, strided, depthwise or dense
 * layers. {@link KernelBench} never schedules those (it builds the parameter lists per primitive
 * from {@code notApplicable}). Run through JMH's own CLI with the full cross product, such a pair
 * fails in {@code @Setup} with an exception whose message starts with {@value #SKIP_PREFIX};
 * JMH reports it as a failed benchmark and goes on with the next one (do not pass {@code -foe true}).
 */
public class ConvKernelBenchmark extends LayerCaseBenchmark {
    public static final String SKIP_PREFIX = "SKIPPED (not applicable): ";

    @Param({"fp32", "int8"})
    public String precision;

    private Layers.Layer shape;
    private PreparedConv fp32;
    private PreparedConvInt8 int8;
    private float[] inputF;
    private byte[] inputQ;

    /** Why (primitive, layer) cannot run, or empty. Used by the runner to leave such pairs out. */
    public static Optional<String> notApplicable(String primitive, String layer) {
        return Primitives.create(primitive, Map.of()).notApplicable(Layers.get(layer).spec());
    }

    @Setup(Level.Trial)
    public void setup() {
        shape = Layers.get(layer);
        ConvPrimitive p = Primitives.create(primitive, Map.of());
        Optional<String> why = p.notApplicable(shape.spec());
        if (why.isPresent()) throw new IllegalStateException(SKIP_PREFIX + primitive + " on " + layer + ": " + why.get());
        if (batch < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "batch must be >= 1: " + batch);
        float[] w = BenchData.prunedWeights(shape, sparsity);
        switch (precision) {
            case "fp32" -> {
                fp32 = p.prepare(shape.spec(), w, BenchData.bias(shape));
                inputF = BenchData.input(shape, batch);
            }
            case "int8" -> {
                int8 = p.prepareInt8(shape.spec(), BenchData.quantize(w), BenchData.biasInt8(shape));
                inputQ = BenchData.inputInt8(shape, batch);
            }
            default -> throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "precision must be fp32 or int8: " + precision);
        }
    }

    /** One layer run; the returned output goes to JMH's blackhole. */
    @Benchmark
    public Object conv() {
        return fp32 != null
                ? fp32.run(inputF, batch, shape.inH(), shape.inW())
                : int8.run(inputQ, batch, shape.inH(), shape.inW(), BenchData.INPUT_ZERO_POINT);
    }
}
