package org.dlas.kernels;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** The sizes of one run of a layer: batch, input and output image size (checked against the input). */
record RunShape(ConvSpec spec, int n, int h, int w, int outH, int outW) {

    static RunShape of(ConvSpec spec, int inputLength, int n, int h, int w) {
        if (n <= 0 || h <= 0 || w <= 0) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "batch and image size must be positive: n=" + n + " h=" + h + " w=" + w);
        }
        long expected = (long) n * spec.inChannels() * h * w;
        if (expected != inputLength) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "input has " + inputLength + " values, expected n*C*h*w = "
                    + n + "*" + spec.inChannels() + "*" + h + "*" + w + " = " + expected);
        }
        int oh = spec.outH(h), ow = spec.outW(w);
        if (h + 2 * spec.padH() < spec.kernelH() || w + 2 * spec.padW() < spec.kernelW()) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "image " + h + "x" + w + " (padding " + spec.padH() + "," + spec.padW()
                    + ") is smaller than the " + spec.kernelH() + "x" + spec.kernelW() + " kernel");
        }
        if ((long) n * spec.outChannels() * oh * ow > Integer.MAX_VALUE) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "output too large for one array");
        }
        return new RunShape(spec, n, h, w, oh, ow);
    }

    /** Output pixels per channel. */
    int outPixels() { return outH * outW; }
    int inPixels() { return h * w; }
    /** Multiply-accumulates of the whole run (all images). */
    long macs() { return n * spec.macs(h, w); }
    int outputLength() { return n * spec.outChannels() * outH * outW; }

    /** The array to write this run's output into: {@code into} when it has the output's length, else a new one (see {@link PreparedConv#run(float[], int, int, int, float[])}). */
    float[] output(float[] into) {
        return into != null && into.length == outputLength() ? into : new float[outputLength()];
    }
}
