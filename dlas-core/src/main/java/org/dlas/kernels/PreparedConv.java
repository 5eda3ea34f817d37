package org.dlas.kernels;

/** A convolution whose weights have been packed once for one primitive (fp32). */
public interface PreparedConv {
    /**
     * @param input NCHW, length n*C*h*w
     * @return NCHW output, length n*K*outH*outW, bias added: a new array the caller owns (it may write over it)
     */
    float[] run(float[] input, int n, int h, int w);
}
