package org.dlas.kernels;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Geometry of a 2-D convolution (NCHW input, [K, C/groups, R, S] weights, symmetric padding).
 * A dense (fully connected) layer is the special case of a 1x1 convolution on a 1x1 image,
 * so every primitive serves both layer kinds through this one description.
 */
public record ConvSpec(int inChannels, int outChannels, int kernelH, int kernelW,
                       int strideH, int strideW, int padH, int padW, int groups) {

    public ConvSpec {
        if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0
                || strideW <= 0 || padH < 0 || padW < 0 || groups <= 0) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "invalid convolution " + this);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "channels " + inChannels + "->" + outChannels
                    + " are not divisible by groups=" + groups);
        }
    }

    /** The dense layer in -> out as a convolution. */
    public static ConvSpec dense(int in, int out) {
        return new ConvSpec(in, out, 1, 1, 1, 1, 0, 0, 1);
    }

    public int outH(int inH) { return (inH + 2 * padH - kernelH) / strideH + 1; }
    public int outW(int inW) { return (inW + 2 * padW - kernelW) / strideW + 1; }
    public int inPerGroup() { return inChannels / groups; }
    public int outPerGroup() { return outChannels / groups; }
    public boolean depthwise() { return groups > 1 && groups == inChannels && groups == outChannels; }
    /** Weight count: K * C/groups * R * S. */
    public int weightCount() { return outChannels * inPerGroup() * kernelH * kernelW; }
    /** Multiply-accumulates for one image of inH x inW. */
    public long macs(int inH, int inW) {
        return (long) outChannels * outH(inH) * outW(inW) * inPerGroup() * kernelH * kernelW;
    }
}
