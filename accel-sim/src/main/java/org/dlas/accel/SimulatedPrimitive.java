package org.dlas.accel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.PreparedConvInt8;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A simulated accelerator exposed as a {@link ConvPrimitive}: every conv/dense layer prepared with it
 * runs through the accelerator's cycle-level model, which computes the layer's outputs through its
 * dataflow (so accuracy is measured through the simulated hardware) and adds the layer's statistics
 * to a per-model {@link SimStats}. fp32 layers return the datapath's fp32 sums plus the bias;
 * int8 layers return {@code sum w * (x - zp)} (wrapped to int32) plus the int32 bias, exactly as
 * the kernels contract asks.
 *
 * <p>A batch is simulated one image at a time (batch 1 on the accelerator, the latency case); the
 * images run on parallel host threads. Layers are numbered in the order they are prepared ({@link org.dlas.runtime.CompiledModel}
 * prepares them in graph order) and named from {@code layerNames} in that order.
 */
public final class SimulatedPrimitive implements ConvPrimitive {
    private final Accelerator accelerator;
    private final SimStats stats;
    private final List<String> layerNames;
    private final AtomicInteger next = new AtomicInteger();

    public SimulatedPrimitive(Accelerator accelerator, SimStats stats, List<String> layerNames) {
        this.accelerator = accelerator;
        this.stats = stats;
        this.layerNames = List.copyOf(layerNames);
    }

    public SimulatedPrimitive(Accelerator accelerator, SimStats stats) {
        this(accelerator, stats, List.of());
    }

    public Accelerator accelerator() { return accelerator; }

    public SimStats stats() { return stats; }

    @Override public String name() { return accelerator.name(); }

    @Override public boolean sparse() { return accelerator.skipsZeros(); }

    @Override public Optional<String> notApplicable(ConvSpec spec) { return Optional.empty(); }

    private String nameOf(int index) {
        return index < layerNames.size() ? layerNames.get(index) : "layer" + index;
    }

    /** A prepared layer's number and name (its row in {@link SimStats}). */
    private record Layer(int index, String name) {}

    /** Checks the weight and bias counts ({@code biases} -1: no bias) and numbers the next layer. */
    private Layer nextLayer(ConvSpec spec, int weights, int biases) {
        if (weights != spec.weightCount()) throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + spec.weightCount() + " weights, got " + weights);
        if (biases >= 0 && biases != spec.outChannels()) throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + spec.outChannels() + " biases, got " + biases);
        int index = next.getAndIncrement();
        return new Layer(index, nameOf(index));
    }

    /** One image's layer from the input values [from, to) of the batch. */
    private interface ImageSlice {
        ConvLayer of(int from, int to);
    }

    /** Checks the input length and runs the batch one image slice at a time. */
    private double[] runBatch(Layer layer, ConvSpec spec, int inputLength, int n, int h, int wd, ImageSlice image) {
        int per = spec.inChannels() * h * wd;
        if (inputLength != n * per) throw new InvalidInputException(ErrorKind.CONFLICT, "input has " + inputLength + " values, expected " + n * per);
        return runImages(layer.index(), layer.name(), n, i -> image.of(i * per, (i + 1) * per));
    }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Layer layer = nextLayer(spec, weights.length, bias == null ? -1 : bias.length);
        float[] w = weights.clone();
        float[] b = bias == null ? null : bias.clone();
        return (input, n, h, wd) -> {
            double[] acc = runBatch(layer, spec, input.length, n, h, wd,
                    (from, to) -> ConvLayer.fp32(spec, java.util.Arrays.copyOfRange(input, from, to), 1, h, wd, w));
            float[] out = new float[acc.length];
            int plane = spec.outH(h) * spec.outW(wd), k = spec.outChannels();
            for (int i = 0; i < out.length; i++) out[i] = (float) acc[i] + (b == null ? 0f : b[(i / plane) % k]);
            return out;
        };
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Layer layer = nextLayer(spec, weights.length, bias == null ? -1 : bias.length);
        byte[] w = weights.clone();
        int[] b = bias == null ? null : bias.clone();
        return (input, n, h, wd, zp) -> {
            double[] acc = runBatch(layer, spec, input.length, n, h, wd,
                    (from, to) -> ConvLayer.int8(spec, java.util.Arrays.copyOfRange(input, from, to), 1, h, wd, zp, w));
            int[] out = new int[acc.length];
            int plane = spec.outH(h) * spec.outW(wd), k = spec.outChannels();
            for (int i = 0; i < out.length; i++) out[i] = (int) (long) acc[i] + (b == null ? 0 : b[(i / plane) % k]);
            return out;
        };
    }

    /**
     * Runs the batch one image at a time (the accelerator serves one inference at a time, so its
     * per-image figures do not depend on how the host batches its calls), the images on parallel
     * host threads; statistics are added in image order, so they are the same on any thread count.
     */
    private double[] runImages(int index, String name, int n, java.util.function.IntFunction<ConvLayer> image) {
        LayerResult[] results = new LayerResult[n];
        // the first image alone, so that a layer the accelerator refuses (e.g. an explicit mapping that does not fit)
        // fails with its own exception rather than one re-wrapped by the parallel stream
        results[0] = accelerator.run(name, image.apply(0));
        if (n > 1) java.util.stream.IntStream.range(1, n).parallel().forEach(i -> results[i] = accelerator.run(name, image.apply(i)));
        int per = results[0].outputs().length;
        double[] out = new double[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(results[i].outputs(), 0, out, i * per, per);
            stats.add(index, name, results[i].stats());
        }
        return out;
    }
}
