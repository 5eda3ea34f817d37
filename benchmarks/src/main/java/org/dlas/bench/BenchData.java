package org.dlas.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Deterministic benchmark data: weights, biases and inputs for a layer, seeded from the layer
 * name, so every run (and every fork, and the summary step) sees the same tensors.
 *
 * <p>Sparsity is magnitude pruning of one dense random weight tensor: the {@code round(s * n)}
 * weights of smallest |w| are set to zero (one threshold for the whole tensor, unstructured).
 * A layer's pruned tensors at different sparsities are nested: what is zero at 0.8 is zero at 0.9.
 * int8 weights are the pruned fp32 weights quantised symmetrically per tensor
 * ({@code q = round(w * 127 / max|w|)}); a few small surviving weights may round to zero,
 * so the int8 tensor can be slightly sparser than asked ({@link #zeroFraction} reports it).
 */
public final class BenchData {
    /** Input zero point handed to int8 runs (an arbitrary asymmetric value). */
    public static final int INPUT_ZERO_POINT = -3;

    private BenchData() {}

    private static long seed(String layer, long salt) {
        return layer.hashCode() * 0x9E3779B97F4A7C15L + salt;
    }

    /** Dense random weights ~ N(0, 1/fanIn) in [K, C/groups, R, S] layout. */
    public static float[] denseWeights(Layers.Layer layer) {
        SplittableRandom rnd = new SplittableRandom(seed(layer.name(), 1));
        int n = layer.spec().weightCount();
        int fanIn = n / layer.spec().outChannels();
        double sd = 1.0 / Math.sqrt(fanIn);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (gaussian(rnd) * sd);
        return w;
    }

    /** The layer's weights with the fraction {@code sparsity} of smallest magnitudes zeroed. */
    public static float[] prunedWeights(Layers.Layer layer, double sparsity) {
        return prune(denseWeights(layer), sparsity);
    }

    /** Zeroes the {@code round(sparsity * n)} entries of smallest |w| (a copy; ties broken by index). */
    public static float[] prune(float[] w, double sparsity) {
        if (sparsity < 0 || sparsity >= 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "sparsity must be in [0, 1): " + sparsity);
        int n = w.length;
        int zeros = (int) Math.round(sparsity * n);
        float[] out = w.clone();
        if (zeros == 0) return out;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(Math.abs(w[a]), Math.abs(w[b]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int i = 0; i < zeros; i++) out[order[i]] = 0f;
        return out;
    }

    /** Symmetric per-tensor int8 quantisation (zero stays zero). */
    public static byte[] quantize(float[] w) {
        float max = 0;
        for (float v : w) max = Math.max(max, Math.abs(v));
        byte[] q = new byte[w.length];
        if (max == 0) return q;
        float scale = 127f / max;
        for (int i = 0; i < w.length; i++) q[i] = (byte) Math.max(-127, Math.min(127, Math.round(w[i] * scale)));
        return q;
    }

    public static float[] bias(Layers.Layer layer) {
        SplittableRandom rnd = new SplittableRandom(seed(layer.name(), 2));
        float[] b = new float[layer.spec().outChannels()];
        for (int i = 0; i < b.length; i++) b[i] = (float) (gaussian(rnd) * 0.1);
        return b;
    }

    public static int[] biasInt8(Layers.Layer layer) {
        SplittableRandom rnd = new SplittableRandom(seed(layer.name(), 3));
        int[] b = new int[layer.spec().outChannels()];
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextInt(-1000, 1001);
        return b;
    }

    /** fp32 input of {@code batch} images, uniform in [-1, 1). */
    public static float[] input(Layers.Layer layer, int batch) {
        SplittableRandom rnd = new SplittableRandom(seed(layer.name(), 4));
        float[] x = new float[batch * layer.inputLength()];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    /** int8 input of {@code batch} images, uniform over all 256 values. */
    public static byte[] inputInt8(Layers.Layer layer, int batch) {
        SplittableRandom rnd = new SplittableRandom(seed(layer.name(), 5));
        byte[] x = new byte[batch * layer.inputLength()];
        for (int i = 0; i < x.length; i++) x[i] = (byte) rnd.nextInt(-128, 128);
        return x;
    }

    /** Fraction of zero weights the kernel actually sees for (layer, precision, sparsity). */
    public static double zeroFraction(Layers.Layer layer, String precision, double sparsity) {
        float[] w = prunedWeights(layer, sparsity);
        int zeros = 0;
        if ("int8".equals(precision)) {
            for (byte b : quantize(w)) if (b == 0) zeros++;
        } else {
            for (float v : w) if (v == 0f) zeros++;
        }
        return (double) zeros / w.length;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rnd.nextDouble(), u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
