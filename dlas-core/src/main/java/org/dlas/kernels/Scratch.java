package org.dlas.kernels;

/**
 * A buffer kept between runs of one layer on one thread (held in a {@code ThreadLocal} per
 * prepared layer), so that a batch-1 run does not allocate its work arrays afresh: fresh memory is
 * cache-cold, and on the zoo's small layers that cost as much as the arithmetic. Padded planes
 * ({@link #zeroed}) are reused only for the image size they were made for: packing writes the same
 * interior cells each time, so the padding stays 0. Arrays from {@link #sized} hold stale values
 * and must be written before they are read.
 */
final class Scratch {
    private float[] data = new float[0];
    private int h = -1, w = -1;

    float[] zeroed(int height, int width, int length) {
        if (height != h || width != w || data.length != length) {
            data = new float[length];
            h = height;
            w = width;
        }
        return data;
    }

    float[] sized(int length) {
        if (data.length != length) data = new float[length];
        return data;
    }
}
