package org.dlas.accel;

/**
 * Sums a contiguous run of products the way a binary adder tree does (MAERI's ART, SIGMA's FAN):
 * pairwise, left half + right half, each add rounded to float in fp32 mode. In int8 mode the
 * order does not matter (integer sums are exact), so a plain loop is used.
 */
public final class TreeSum {
    private TreeSum() { }

    public static double sum(double[] a, int from, int len, boolean fp32) {
        if (len <= 0) return 0;
        if (!fp32) {
            double s = 0;
            for (int i = from, end = from + len; i < end; i++) s += a[i];
            return s;
        }
        return tree(a, from, len);
    }

    private static double tree(double[] a, int from, int len) {
        if (len == 1) return a[from];
        if (len == 2) return (float) a[from] + (float) a[from + 1];
        int half = Integer.highestOneBit(len - 1); // left subtree: the largest power of two below len
        return (float) tree(a, from, half) + (float) tree(a, from + half, len - half);
    }

    /** Adder levels a tree over {@code leaves} inputs has: ceil(log2(leaves)). */
    public static int depth(int leaves) {
        return leaves <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(leaves - 1);
    }
}
