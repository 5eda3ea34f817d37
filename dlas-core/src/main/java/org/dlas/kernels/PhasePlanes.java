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
        int src0 = plane * h * w;
        if (strideW == 1) {
            for (int y = 0; y < h; y++) System.arraycopy(input, src0 + y * w, dst, at + (y + padH) * phaseW + padW, w);
            return;
        }
        if (strideW == 2) { // one pass per row: even and odd columns to their phases
            int even = at + (padW % 2) * paddedH * phaseW + padW / 2, odd = at + ((padW + 1) % 2) * paddedH * phaseW + (padW + 1) / 2;
            for (int y = 0; y < h; y++) {
                int src = src0 + y * w, row = (y + padH) * phaseW, e = even + row, o = odd + row, x = 0;
                for (; x + 1 < w; x += 2) {
                    dst[e++] = input[src + x];
                    dst[o++] = input[src + x + 1];
                }
                if (x < w) dst[e] = input[src + x];
            }
            return;
        }
        // phase by phase, so that the divisions by the stride (slow on a variable divisor) run once per phase, not per row
        for (int phase = 0; phase < strideW; phase++) {
            int x0 = Math.floorMod(phase - padW, strideW); // the first column of this phase
            int first = at + phase * paddedH * phaseW + (x0 + padW) / strideW;
            for (int y = 0; y < h; y++) {
                int src = src0 + y * w, d = first + (y + padH) * phaseW;
                for (int x = x0; x < w; x += strideW) dst[d++] = input[src + x];
            }
        }
    }
}
