package org.dlas.accel;

import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The shape of one conv/dense layer run on a batch: its {@link ConvSpec}, the batch {@code n} and
 * the input height and width. Everything an analytical model needs; the data lives in
 * {@link ConvLayer}.
 *
 * <p>Lowered to GEMM (per group): {@code M = n * outH * outW} output pixels, {@code N = K/groups}
 * filters, {@code K = C/groups * R * S} reduction length, {@code O[M x N] = A[M x K] * B[K x N]}
 * with A the im2col matrix and B the filters.
 */
public record LayerShape(ConvSpec spec, int n, int h, int w) {

    public LayerShape {
        if (n < 1 || h < 1 || w < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "batch, height and width must be >= 1: n=" + n + " h=" + h + " w=" + w);
        if (spec.outH(h) < 1 || spec.outW(w) < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "kernel larger than padded input for " + spec + " on " + h + "x" + w);
    }

    public static LayerShape of(ConvSpec spec, int n, int h, int w) { return new LayerShape(spec, n, h, w); }

    public int outH() { return spec.outH(h); }
    public int outW() { return spec.outW(w); }
    /** Padded input height / width: the buffer holds the input with its zero border (as STONNE does). */
    public int paddedH() { return h + 2 * spec.padH(); }
    public int paddedW() { return w + 2 * spec.padW(); }
    public int groups() { return spec.groups(); }
    public int inChannels() { return spec.inChannels(); }
    public int outChannels() { return spec.outChannels(); }
    public int cg() { return spec.inPerGroup(); }
    public int kg() { return spec.outPerGroup(); }
    public int kernelH() { return spec.kernelH(); }
    public int kernelW() { return spec.kernelW(); }

    /** GEMM rows per group: output pixels of the whole batch. */
    public int gemmM() { return n * outH() * outW(); }
    /** GEMM columns per group: filters of one group. */
    public int gemmN() { return kg(); }
    /** GEMM reduction length per group: C/groups * R * S. */
    public int gemmK() { return cg() * kernelH() * kernelW(); }

    /** Multiply-accumulates of the batch, padding taps included (the dense work). */
    public long macs() { return (long) n * spec.macs(h, w); }
    public long inputElements() { return (long) n * spec.inChannels() * h * w; }
    public long weightElements() { return spec.weightCount(); }
    public long outputElements() { return (long) n * spec.outChannels() * outH() * outW(); }

    @Override public String toString() {
        return (spec.kernelH() == 1 && spec.kernelW() == 1 && h == 1 && w == 1 ? "dense " + spec.inChannels() + "->" + spec.outChannels()
                : "conv " + spec.inChannels() + "x" + h + "x" + w + " -> " + spec.outChannels() + "x" + outH() + "x" + outW()
                + " k" + spec.kernelH() + "x" + spec.kernelW() + " s" + spec.strideH() + (spec.groups() > 1 ? " g" + spec.groups() : ""))
                + (n > 1 ? " n" + n : "");
    }
}
