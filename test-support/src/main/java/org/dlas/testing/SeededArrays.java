package org.dlas.testing;

import java.util.Random;

/** Arrays the tests of several modules build their small graphs from. */
public final class SeededArrays {
    private SeededArrays() { }

    /** {@code n} values drawn from a normal distribution of standard deviation {@code scale}. */
    public static float[] gaussian(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * scale;
        return v;
    }

    /** Source index of each of {@code n} outputs when every source row or column is repeated twice (nearest 2x upsampling). */
    public static int[] doubled(int n) {
        int[] at = new int[n];
        for (int i = 0; i < n; i++) at[i] = i / 2;
        return at;
    }
}
