package org.dlas.testing;

/**
 * Overlapping windows of consecutive rows, as openWakeWord feeds its networks: 76 log-mel frames every
 * 8 frames to the embedding network, the last N embeddings at each step to a wake-word or intent head.
 */
public final class SlidingWindows {
    private SlidingWindows() {}

    /** {@code count} windows of {@code length} rows of {@code width} values, each {@code stride} rows after the last, back to back. */
    public static float[] of(float[] rows, int width, int length, int stride, int count) {
        int needed = ((count - 1) * stride + length) * width;
        if (rows.length < needed) {
            throw new IllegalArgumentException(count + " windows of " + length + " rows (stride " + stride + ") need "
                    + needed / width + " rows of " + width + ", got " + rows.length / width);
        }
        float[] w = new float[count * length * width];
        for (int i = 0; i < count; i++) System.arraycopy(rows, i * stride * width, w, i * length * width, length * width);
        return w;
    }
}
