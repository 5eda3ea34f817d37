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

    record MaxPool(int kernel, int stride, int pad) implements Op { }

    /** Average pooling; padded cells are excluded from the divisor. */
    record AvgPool(int kernel, int stride, int pad) implements Op { }

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
}
