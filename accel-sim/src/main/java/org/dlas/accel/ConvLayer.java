package org.dlas.accel;

import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * One conv/dense layer with its data, as the accelerator's buffers hold it: the input with its zero
 * border ({@code n x C x (h+2pad) x (w+2pad)}, so padding is ordinary zeros in the buffer), the
 * weights {@code [K, C/groups, R, S]}, and the datapath precision.
 *
 * <p>Values are held as doubles: in fp32 they are the float values (the simulators round every
 * multiply and add to float, so the arithmetic is fp32 arithmetic); in int8 they are the integers
 * {@code x - zeroPoint} and {@code w}, whose products and sums are exact in a double far beyond any
 * layer here (|sum| < 2^53), and are wrapped to int32 at the end as the int8 contract asks.
 */
public final class ConvLayer {
    private final LayerShape shape;
    private final Precision precision;
    private final double[] input;
    private final double[] weights;

    private ConvLayer(LayerShape shape, Precision precision, double[] paddedInput, double[] weights) {
        this.shape = shape;
        this.precision = precision;
        this.input = paddedInput;
        this.weights = weights;
    }

    /** An fp32 layer: {@code input} NCHW of n images, weights [K, C/groups, R, S]. */
    public static ConvLayer fp32(ConvSpec spec, float[] input, int n, int h, int w, float[] weights) {
        LayerShape s = LayerShape.of(spec, n, h, w);
        check(s, input.length, weights.length);
        double[] wt = new double[weights.length];
        for (int i = 0; i < wt.length; i++) wt[i] = weights[i];
        double[] in = pad(s, i -> input[i]);
        return new ConvLayer(s, Precision.FP32, in, wt);
    }

    /** An int8 layer: the buffer holds {@code x - zeroPoint} (padding is the zero point, i.e. 0). */
    public static ConvLayer int8(ConvSpec spec, byte[] input, int n, int h, int w, int zeroPoint, byte[] weights) {
        LayerShape s = LayerShape.of(spec, n, h, w);
        check(s, input.length, weights.length);
        if (zeroPoint < -128 || zeroPoint > 127) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "zero point out of int8 range: " + zeroPoint);
        double[] wt = new double[weights.length];
        for (int i = 0; i < wt.length; i++) wt[i] = weights[i];
        double[] in = pad(s, i -> input[i] - zeroPoint);
        return new ConvLayer(s, Precision.INT8, in, wt);
    }

    private static void check(LayerShape s, int inputLength, int weightLength) {
        if (inputLength != s.inputElements()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "input has " + inputLength + " values, expected " + s.inputElements() + " for " + s);
        }
        if (weightLength != s.weightElements()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "weights have " + weightLength + " values, expected " + s.weightElements() + " for " + s.spec());
        }
    }

    private static double[] pad(LayerShape s, java.util.function.IntToDoubleFunction value) {
        int c = s.inChannels(), h = s.h(), w = s.w(), hp = s.paddedH(), wp = s.paddedW();
        int ph = s.spec().padH(), pw = s.spec().padW();
        double[] out = new double[s.n() * c * hp * wp];
        for (int plane = 0; plane < s.n() * c; plane++) {
            for (int y = 0; y < h; y++) {
                int src = (plane * h + y) * w;
                int dst = (plane * hp + y + ph) * wp + pw;
                for (int x = 0; x < w; x++) out[dst + x] = value.applyAsDouble(src + x);
            }
        }
        return out;
    }

    public LayerShape shape() { return shape; }
    public Precision precision() { return precision; }
    public boolean fp32() { return precision == Precision.FP32; }

    /** The padded input buffer (do not modify): index {@code ((n*C + c)*Hp + y)*Wp + x}. */
    public double[] paddedInput() { return input; }

    /** Weights [K, C/groups, R, S] (do not modify). */
    public double[] weights() { return weights; }

    /** Index into {@link #paddedInput()} of the top-left tap of output pixel (oy, ox) of image n, group g, channel 0. */
    public int windowBase(int n, int g, int oy, int ox) {
        LayerShape s = shape;
        return ((n * s.inChannels() + g * s.cg()) * s.paddedH() + oy * s.spec().strideH()) * s.paddedW() + ox * s.spec().strideW();
    }

    /** Offset of tap (c, r, s) of a window from its {@link #windowBase}: the im2col row {@code (c*R + r)*S + s}. */
    public int tapOffset(int c, int r, int s) {
        return (c * shape.paddedH() + r) * shape.paddedW() + s;
    }

    /** Tap offsets of the whole reduction (im2col rows of one group) in order {@code (c*R + r)*S + s}. */
    public int[] tapOffsets() {
        int cg = shape.cg(), kh = shape.kernelH(), kw = shape.kernelW();
        int[] off = new int[cg * kh * kw];
        for (int c = 0; c < cg; c++) for (int r = 0; r < kh; r++) for (int s = 0; s < kw; s++) off[(c * kh + r) * kw + s] = tapOffset(c, r, s);
        return off;
    }

    /** Window bases of every GEMM row of group g (output pixels of the batch, image-major then row-major). */
    public int[] windowBases(int g) {
        int oh = shape.outH(), ow = shape.outW();
        int[] base = new int[shape.gemmM()];
        int m = 0;
        for (int n = 0; n < shape.n(); n++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) base[m++] = windowBase(n, g, oy, ox);
        return base;
    }

    /** Index of output (n, k, oy, ox) in the NKHW result. */
    public int outputIndex(int n, int k, int oy, int ox) {
        return ((n * shape.outChannels() + k) * shape.outH() + oy) * shape.outW() + ox;
    }

    /** Non-zero share of the (unpadded) input: what a sparse accelerator can skip. */
    public double inputDensity() {
        long nz = 0;
        for (double v : input) if (v != 0) nz++;
        return shape.inputElements() == 0 ? 0 : (double) nz / shape.inputElements();
    }

    /** Non-zero share of the weights. */
    public double weightDensity() {
        long nz = 0;
        for (double v : weights) if (v != 0) nz++;
        return weights.length == 0 ? 0 : (double) nz / weights.length;
    }
}
