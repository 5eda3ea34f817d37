package org.dlas.robust.conversion;

/** Weight layout permutations a converter can get wrong, and the checks that recognise them. */
public final class Layouts {
    private Layouts() { }

    /**
     * For a dense layer reading a flattened C x H x W map: {@code from[j]} is the NCHW column that
     * NHWC column j holds ((h*W + w)*C + c holds c*H*W + h*W + w).
     */
    public static int[] nchwToNhwcColumns(int c, int h, int w) {
        int[] from = new int[c * h * w];
        for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) from[(y * w + x) * c + ch] = ch * h * w + y * w + x;
        return from;
    }

    /** {@code out[r][j] = weight[r][from[j]]} for a row-major rows x cols matrix. */
    public static float[] permuteColumns(float[] weight, int rows, int cols, int[] from) {
        float[] out = new float[weight.length];
        for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) out[r * cols + j] = weight[r * cols + from[j]];
        return out;
    }

    /** The permutation that undoes {@code from}. */
    public static int[] inverse(int[] from) {
        int[] inv = new int[from.length];
        for (int j = 0; j < from.length; j++) inv[from[j]] = j;
        return inv;
    }

    /** Conv weights [K, C, R, S] with the two kernel axes swapped ([K, C, S, R] read as [K, C, R, S]); needs R == S. */
    public static float[] transposeKernels(float[] weight, int kernels, int r, int s) {
        float[] out = new float[weight.length];
        int per = r * s;
        for (int k = 0; k < kernels; k++) for (int y = 0; y < r; y++) for (int x = 0; x < s; x++) out[k * per + x * r + y] = weight[k * per + y * s + x];
        return out;
    }

    /** A row-major rows x cols matrix transposed (cols x rows). */
    public static float[] transpose(float[] m, int rows, int cols) {
        float[] out = new float[m.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
        return out;
    }

    /** Whether the two arrays hold the same multiset of values (a permutation of each other). */
    public static boolean sameValues(float[] a, float[] b) {
        if (a.length != b.length) return false;
        float[] x = a.clone(), y = b.clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        return java.util.Arrays.equals(x, y);
    }
}
