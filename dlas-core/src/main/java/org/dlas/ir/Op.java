package org.dlas.ir;

import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The operators of the model IR. Weights live in the operator records (row-major float arrays) so
 * that a graph is a self-contained, serialisable model. Activations are per image C x H x W; a
 * flattened activation is C x 1 x 1.
 */
public sealed interface Op {

    /** Operator name used in errors, reports and ONNX mapping. */
    default String kind() { return getClass().getSimpleName(); }

    /** Whether this is a multiply-accumulate layer (conv or dense) that carries int8 parameters. */
    default boolean isInt8() { return false; }

    /** The graph input: one image of channels x height x width. */
    record Input(int channels, int height, int width) implements Op { }

    /** 2-D convolution; weight [K, C/groups, R, S], bias length K. {@code quant} is null for fp32. */
    record Conv2d(ConvSpec spec, float[] weight, float[] bias, Int8Params quant) implements Op {
        public Conv2d {
            if (weight.length != spec.weightCount()) {
                throw new InvalidInputException(ErrorKind.CONFLICT, "conv weight has " + weight.length + " values, " + spec + " needs " + spec.weightCount());
            }
            if (bias != null && bias.length != spec.outChannels()) throw new InvalidInputException(ErrorKind.CONFLICT, "conv bias length " + bias.length + " != " + spec.outChannels());
        }
        @Override public boolean isInt8() { return quant != null; }
        public Conv2d withWeights(float[] w, float[] b) { return new Conv2d(spec, w, b, quant); }
        public Conv2d withQuant(Int8Params q) { return new Conv2d(spec, weight, bias, q); }
    }

    /** Fully connected: weight [out, in], bias length out. Input is flattened to in features. */
    record Dense(int in, int out, float[] weight, float[] bias, Int8Params quant) implements Op {
        public Dense {
            if (weight.length != in * out) throw new InvalidInputException(ErrorKind.CONFLICT, "dense weight has " + weight.length + " values, needs " + in + "x" + out);
            if (bias != null && bias.length != out) throw new InvalidInputException(ErrorKind.CONFLICT, "dense bias length " + bias.length + " != " + out);
        }
        public ConvSpec spec() { return ConvSpec.dense(in, out); }
        @Override public boolean isInt8() { return quant != null; }
        public Dense withWeights(float[] w, float[] b) { return new Dense(in, out, w, b, quant); }
        public Dense withQuant(Int8Params q) { return new Dense(in, out, weight, bias, q); }
    }

    /** Max pooling over kernelH x kernelW windows (1-D pooling of a C x 1 x L sequence is 1 x k). */
    record MaxPool(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) implements Op, Pooling {
        /** A square window. */
        public MaxPool(int kernel, int stride, int pad) { this(kernel, kernel, stride, stride, pad, pad); }
    }

    /** Average pooling; padded cells are excluded from the divisor. */
    record AvgPool(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) implements Op, Pooling {
        /** A square window. */
        public AvgPool(int kernel, int stride, int pad) { this(kernel, kernel, stride, stride, pad, pad); }
    }

    /** The window of a pooling operator, per axis; {@link #kernel()} etc. are for square ones. */
    interface Pooling {
        int kernelH();
        int kernelW();
        int strideH();
        int strideW();
        int padH();
        int padW();

        default boolean square() { return kernelH() == kernelW() && strideH() == strideW() && padH() == padW(); }

        private int same(int h, int w, String what) {
            if (!square()) throw new IllegalStateException("a " + kernelH() + "x" + kernelW() + " pooling window has no single " + what);
            return h;
        }

        default int kernel() { return same(kernelH(), kernelW(), "kernel"); }
        default int stride() { return same(strideH(), strideW(), "stride"); }
        default int pad() { return same(padH(), padW(), "padding"); }
    }

    record GlobalAvgPool() implements Op { }

    record Relu() implements Op { }

    /** min(max(x, 0), 6), as in MobileNetV2. */
    record Relu6() implements Op { }

    /** Element-wise sum of two inputs of equal shape (residual connection). */
    record Add() implements Op { }

    /** Concatenation of all inputs along channels. */
    record Concat() implements Op { }

    /** y = gamma * (x - mean) / sqrt(var + eps) + beta, per channel. Foldable into a preceding conv. */
    record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] var, float eps) implements Op { }

    record Flatten() implements Op { }

    /**
     * Element-wise product of two activations: equal shapes, or the second one value per channel
     * (C x 1 x 1, broadcast over the image, as in squeeze-and-excitation blocks and HardSwish).
     */
    record Mul() implements Op { }

    /** 1 / (1 + exp(-x)). */
    record Sigmoid() implements Op { }

    record Tanh() implements Op { }

    /**
     * Bilinear resizing of H and W to outH x outW as ONNX's Resize with mode linear computes it:
     * source coordinate of output i from {@code mode} (half_pixel, pytorch_half_pixel,
     * align_corners or asymmetric) and the axis' {@code scale}, then the two nearest source rows
     * (columns), clamped to the image, weighted by the fraction.
     */
    record LinearResize(int outH, int outW, float scaleH, float scaleW, String mode) implements Op {
        public static final java.util.List<String> MODES = java.util.List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric");

        public LinearResize {
            if (outH <= 0 || outW <= 0) throw new IllegalArgumentException("resize to " + outH + "x" + outW);
            if (!(scaleH > 0) || !(scaleW > 0)) throw new IllegalArgumentException("resize scales " + scaleH + ", " + scaleW + " must be positive");
            if (!MODES.contains(mode)) throw new IllegalArgumentException("coordinate mode '" + mode + "' is not one of " + MODES);
        }

        /** Per output position along an axis of {@code in}: the two source indices and the second one's weight. */
        public record Taps(int[] first, int[] second, float[] weight) { }

        public Taps rows(int in) { return taps(in, outH, scaleH); }

        public Taps cols(int in) { return taps(in, outW, scaleW); }

        private Taps taps(int in, int out, float scale) {
            int[] a = new int[out], b = new int[out];
            float[] w = new float[out];
            for (int o = 0; o < out; o++) {
                double resized = in * (double) scale; // ONNX's length_resized: not floored when scales are given
                double x = switch (mode) {
                    case "half_pixel" -> (o + 0.5) / scale - 0.5;
                    case "pytorch_half_pixel" -> resized > 1 ? (o + 0.5) / scale - 0.5 : 0;
                    case "align_corners" -> resized == 1 ? 0 : o * (in - 1) / (resized - 1);
                    default -> o / (double) scale;
                };
                double f = Math.floor(x);
                a[o] = (int) Math.max(0, Math.min(in - 1, f));
                b[o] = (int) Math.max(0, Math.min(in - 1, f + 1));
                w[o] = (float) (x - f);
            }
            return new Taps(a, b, w);
        }

        /**
         * Resizes one plane of width {@code w} starting at {@code x[from]} into {@code y[to]}: each
         * output is the rows' blend of the columns' blend of the four source pixels (the inference
         * runtime and the training forward pass compute it here, in this order).
         */
        public static void blend(Taps rows, Taps cols, float[] x, int from, int w, float[] y, int to) {
            int oh = rows.first().length, ow = cols.first().length;
            for (int i = 0; i < oh; i++) {
                int r0 = from + rows.first()[i] * w, r1 = from + rows.second()[i] * w;
                float wr = rows.weight()[i];
                for (int j = 0; j < ow; j++) {
                    int c0 = cols.first()[j], c1 = cols.second()[j];
                    float wc = cols.weight()[j];
                    float top = x[r0 + c0] + wc * (x[r0 + c1] - x[r0 + c0]);
                    float bottom = x[r1 + c0] + wc * (x[r1 + c1] - x[r1 + c0]);
                    y[to++] = top + wr * (bottom - top);
                }
            }
        }
    }

    /** 1 / x (Div of two activations is a Mul by the divisor's Reciprocal). */
    record Reciprocal() implements Op { }

    /** max(0, min(1, alpha * x + beta)); ONNX's defaults are alpha 0.2, beta 0.5. */
    record HardSigmoid(float alpha, float beta) implements Op { }

    /** x for x >= 0, slope[c] * x otherwise (one slope per channel; LeakyRelu has them all equal). */
    record PRelu(float[] slope) implements Op { }

    /** min(max(x, min), max) for bounds other than Relu's and Relu6's. */
    record Clip(float min, float max) implements Op {
        public Clip {
            if (!(min <= max)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "clip min " + min + " > max " + max);
        }
    }

    /**
     * Local response normalisation across channels (AlexNet, GoogLeNet):
     * y = x / (bias + alpha / size * sum of x^2 over the size channels around c)^beta.
     */
    record Lrn(int size, float alpha, float beta, float bias) implements Op {
        public Lrn {
            if (size <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "LRN size " + size + " must be positive");
        }
    }

    record Softmax() implements Op { }

    /**
     * Picks channels, rows and columns by index: y[c][i][j] = x[channels[c]][rows[i]][cols[j]].
     * Split, Slice and Gather of activations with constant indices and nearest-neighbour Resize /
     * Upsample (every ONNX coordinate mode) are this one operator, with the indices computed at
     * import; an index may repeat (upsampling) or be left out (slicing).
     */
    record Select(int[] channels, int[] rows, int[] cols) implements Op {
        public Select {
            if (channels.length == 0 || rows.length == 0 || cols.length == 0) {
                throw new IllegalArgumentException("select picks " + channels.length + "x" + rows.length + "x" + cols.length + " values; every axis needs at least one");
            }
            for (int[] a : new int[][] {channels, rows, cols}) {
                for (int v : a) if (v < 0) throw new IllegalArgumentException("select index " + v + " is negative");
            }
        }

        /** 0, 1, ..., n-1. */
        public static int[] all(int n) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = i;
            return a;
        }

        /** from, from+1, ..., to-1. */
        public static int[] range(int from, int to) {
            int[] a = new int[to - from];
            for (int i = 0; i < a.length; i++) a[i] = from + i;
            return a;
        }

        /** Whether {@code idx} is 0..n-1 (the axis is kept as it is). */
        public static boolean keepsAll(int[] idx, int n) {
            if (idx.length != n) return false;
            for (int i = 0; i < n; i++) if (idx[i] != i) return false;
            return true;
        }
    }
}
