package org.dlas.kernels;

/** A convolution whose weights have been packed once for one primitive (fp32). */
public interface PreparedConv {
    /**
     * @param input NCHW, length n*C*h*w
     * @return NCHW output, length n*K*outH*outW, bias added: a new array the caller owns (it may write over it)
     */
    float[] run(float[] input, int n, int h, int w);

    /**
     * {@link #run}, with the output written into {@code into} when that array has the output's length
     * (every element overwritten), so that a caller running the layer again and again can keep one
     * array per layer instead of a fresh one per run (fresh memory is cache-cold: on small layers,
     * allocating the output cost as much as computing it). Kernels that do not take the offer
     * return a new array, as {@link #run}.
     *
     * @param into an array the caller owns and no longer reads, or null
     * @return {@code into}, or a new array
     */
    default float[] run(float[] input, int n, int h, int w, float[] into) { return run(input, n, h, w); }

    /**
     * {@link #run(float[], int, int, int, float[])} followed by {@code epilogue} (BatchNorm and/or
     * ReLU, bit for bit the separate steps'). Kernels that apply it to each channel while it is
     * still in cache override this; by default it is one more pass over the output.
     */
    default float[] run(float[] input, int n, int h, int w, float[] into, Epilogue epilogue) {
        float[] y = run(input, n, h, w, into);
        epilogue.applyAll(y, n);
        return y;
    }
}
