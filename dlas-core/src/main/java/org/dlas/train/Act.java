package org.dlas.train;

import java.util.Arrays;

import org.dlas.ir.Shape;

/**
 * A batch of activations: {@code n} images of {@code c x h x w}, stored as one array per
 * (image, channel) plane, {@code planes[b * c + ch]}, each {@code h * w} floats. Separate plane
 * arrays let the hot loops index every operand from 0, which the JIT vectorises.
 */
final class Act {
    final int n, c, h, w;
    final float[][] planes;

    Act(int n, Shape s) { this(n, s.channels(), s.height(), s.width(), true); }

    Act(int n, int c, int h, int w, boolean allocate) {
        this.n = n;
        this.c = c;
        this.h = h;
        this.w = w;
        this.planes = new float[n * c][];
        if (allocate) for (int i = 0; i < planes.length; i++) planes[i] = new float[h * w];
    }

    int hw() { return h * w; }

    /** Values per image. */
    int perImage() { return c * h * w; }

    float[] plane(int b, int ch) { return planes[b * c + ch]; }

    void zero() { for (float[] p : planes) Arrays.fill(p, 0f); }

    /** Image {@code b} as one C x H x W vector. */
    void copyImage(int b, float[] dst, int off) {
        int hw = hw();
        for (int ch = 0; ch < c; ch++) System.arraycopy(planes[b * c + ch], 0, dst, off + ch * hw, hw);
    }

    /** All images, N x C x H x W, in one array. */
    float[] toArray() {
        float[] out = new float[n * perImage()];
        for (int b = 0; b < n; b++) copyImage(b, out, b * perImage());
        return out;
    }

    void fromArray(float[] src, int srcOff) {
        int hw = hw();
        for (int i = 0; i < planes.length; i++) System.arraycopy(src, srcOff + i * hw, planes[i], 0, hw);
    }
}
