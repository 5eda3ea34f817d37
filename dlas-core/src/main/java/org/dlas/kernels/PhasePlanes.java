package org.dlas.kernels;

/**
 * The zero-padded input layout of the vector conv kernels ({@link PaddedPlaneConv},
 * {@link DepthwisePrimitive}): each channel's padded plane split by column into {@code strideW}
 * phases (phase p holds padded columns p, p + strideW, ...), each {@code paddedH x phaseW}. Then
 * tap (r, s) of output pixel (oy, ox) sits at {@link #tap}(r, s) + oy * {@link #pitch} + ox: for a
 * run of output pixels, every tap is one contiguous read, whatever the stride. Accumulator i stands
 * for output (i / pitch, i % pitch); columns at or past the output width are computed and dropped.
 */
record PhasePlanes(int h, int w, int padH, int padW, int strideH, int strideW, int paddedH, int phaseW) {

    static PhasePlanes of(ConvSpec spec, int h, int w) {
        int wp = w + 2 * spec.padW();
        return new PhasePlanes(h, w, spec.padH(), spec.padW(), spec.strideH(), spec.strideW(),
                h + 2 * spec.padH(), (wp + spec.strideW() - 1) / spec.strideW());
    }

    /** Values of one channel. */
    int channelLength() { return strideW * paddedH * phaseW; }

    /** Accumulator distance between output rows. */
    int pitch() { return strideH * phaseW; }

    /** Accumulators covering an oh x ow output. */
    int span(int oh, int ow) { return (oh - 1) * pitch() + ow; }

    /** Where kernel tap (r, s) of output pixel 0 is read. */
    int tap(int r, int s) { return (s % strideW) * paddedH * phaseW + r * phaseW + s / strideW; }

    /** Writes channel plane {@code plane} of {@code input} (planes of h*w) at {@code dst[at..]}; the padding cells must already be 0. */
    void pack(float[] input, int plane, float[] dst, int at) {
        for (int y = 0; y < h; y++) {
            int src = (plane * h + y) * w, row = at + (y + padH) * phaseW;
            if (strideW == 1) {
                System.arraycopy(input, src, dst, row + padW, w);
                continue;
            }
            for (int phase = 0; phase < strideW; phase++) {
                int x0 = Math.floorMod(phase - padW, strideW); // the first column of this phase
                int d = row + phase * paddedH * phaseW + (x0 + padW) / strideW;
                for (int x = x0; x < w; x += strideW) dst[d++] = input[src + x];
            }
        }
    }
}
