package org.dlas.kernels;

/**
 * Cache-blocked dense matrix product C = A * B shared by the im2col and Winograd primitives.
 *
 * <p>A (m x kd, the weights) is packed once: rows in panels of {@link #MR}, each panel stored
 * k-major ({@code [kk][i]}), leftover rows (m % MR) stored plainly; the panel holding row r0
 * starts at {@code r0 * kd} either way.
 *
 * <p>B (kd x n, the lowered input) is split into column blocks of {@link #NB}; each row of a
 * block is its own {@code float[NB]}, so block {@code cb}'s row kk is {@code b[base + kk]}. This
 * layout keeps every array access in the inner loop at the same index {@code j}, which is the
 * form HotSpot's C2 auto-vectoriser accepts (an access at a different invariant offset, such as
 * {@code b[off + j]} next to a store to {@code acc[j]}, stops it). A block's kd x NB slice stays
 * in L2, the MR accumulator rows in L1.
 *
 * <p>With the Vector API module present the fp32 block product runs {@link VectorGemm}'s
 * register-blocked kernel instead of the loops here.
 *
 * <p>Every output element is summed over kk ascending from 0 (from {@code kFrom}), whatever the
 * block or the rows a task covers, so results do not depend on how work is split.
 */
final class Gemm {
    static final int MR = 4;
    static final int NB = 256;

    private Gemm() {}

    static float[] pack(float[] a, int aOff, int m, int kd) {
        float[] p = new float[m * kd];
        int full = m / MR * MR;
        for (int r0 = 0; r0 < full; r0 += MR) {
            for (int i = 0; i < MR; i++) {
                int src = aOff + (r0 + i) * kd, dst = r0 * kd + i;
                for (int kk = 0; kk < kd; kk++) p[dst + kk * MR] = a[src + kk];
            }
        }
        if (full < m) System.arraycopy(a, aOff + full * kd, p, full * kd, (m - full) * kd);
        return p;
    }

    static int[] pack(int[] a, int aOff, int m, int kd) {
        int[] p = new int[m * kd];
        int full = m / MR * MR;
        for (int r0 = 0; r0 < full; r0 += MR) {
            for (int i = 0; i < MR; i++) {
                int src = aOff + (r0 + i) * kd, dst = r0 * kd + i;
                for (int kk = 0; kk < kd; kk++) p[dst + kk * MR] = a[src + kk];
            }
        }
        if (full < m) System.arraycopy(a, aOff + full * kd, p, full * kd, (m - full) * kd);
        return p;
    }

    /**
     * Rows [rowFrom, rowTo) of A times column block {@code b[bBase .. bBase+kd)} (nb valid
     * columns) into {@code tile}, row r at {@code (r - rowFrom) * NB}. rowFrom is a multiple of MR.
     */
    static void multiply(float[] ap, int m, int kd, int rowFrom, int rowTo,
                         float[][] b, int bBase, int nb, float[] tile) {
        if (VectorGemm.AVAILABLE) {
            VectorGemm.multiply(ap, m, kd, rowFrom, rowTo, b, bBase, nb, tile);
        } else {
            multiplyScalar(ap, m, kd, rowFrom, rowTo, b, bBase, nb, tile);
        }
    }

    /** The same without the Vector API: loops HotSpot's auto-vectoriser takes (see above). */
    static void multiplyScalar(float[] ap, int m, int kd, int rowFrom, int rowTo,
                               float[][] b, int bBase, int nb, float[] tile) {
        int full = m / MR * MR;
        float[] acc0 = new float[NB], acc1 = new float[NB], acc2 = new float[NB], acc3 = new float[NB];
        int r = rowFrom;
        for (; r + MR <= rowTo && r < full; r += MR) {
            int a = r * kd;
            for (int kk = 0; kk < kd; kk++, a += MR) {
                float a0 = ap[a], a1 = ap[a + 1], a2 = ap[a + 2], a3 = ap[a + 3];
                float[] bk = b[bBase + kk];
                for (int j = 0; j < nb; j++) {
                    float bv = bk[j];
                    acc0[j] += a0 * bv;
                    acc1[j] += a1 * bv;
                    acc2[j] += a2 * bv;
                    acc3[j] += a3 * bv;
                }
            }
            int t = (r - rowFrom) * NB;
            System.arraycopy(acc0, 0, tile, t, nb);
            System.arraycopy(acc1, 0, tile, t + NB, nb);
            System.arraycopy(acc2, 0, tile, t + 2 * NB, nb);
            System.arraycopy(acc3, 0, tile, t + 3 * NB, nb);
            for (int j = 0; j < nb; j++) { acc0[j] = 0f; acc1[j] = 0f; acc2[j] = 0f; acc3[j] = 0f; }
        }
        for (; r < rowTo; r++) {
            int a = r * kd;
            for (int kk = 0; kk < kd; kk++) {
                float a0 = ap[a + kk];
                float[] bk = b[bBase + kk];
                for (int j = 0; j < nb; j++) acc0[j] += a0 * bk[j];
            }
            System.arraycopy(acc0, 0, tile, (r - rowFrom) * NB, nb);
            for (int j = 0; j < nb; j++) acc0[j] = 0f;
        }
    }

    /** Matrix-vector case (one column): {@code y[yOff + r] = sum_kk A[r][kk] * x[xOff + kk]}. */
    static void multiplyVector(float[] ap, int m, int kd, int rowFrom, int rowTo,
                               float[] x, int xOff, float[] y, int yOff) {
        int full = m / MR * MR;
        int r = rowFrom;
        for (; r + MR <= rowTo && r < full; r += MR) {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int a = r * kd;
            for (int kk = 0; kk < kd; kk++, a += MR) {
                float xv = x[xOff + kk];
                s0 += ap[a] * xv;
                s1 += ap[a + 1] * xv;
                s2 += ap[a + 2] * xv;
                s3 += ap[a + 3] * xv;
            }
            y[yOff + r] = s0; y[yOff + r + 1] = s1; y[yOff + r + 2] = s2; y[yOff + r + 3] = s3;
        }
        for (; r < rowTo; r++) {
            float s = 0f;
            int a = r * kd;
            for (int kk = 0; kk < kd; kk++) s += ap[a + kk] * x[xOff + kk];
            y[yOff + r] = s;
        }
    }

    /**
     * Integer twin of {@link #multiply(float[], int, int, int, int, float[][], int, int, float[])}
     * over the reduction range [kFrom, kTo) (wrapping int32 arithmetic, exact mod 2^32).
     */
    static void multiply(int[] ap, int m, int kd, int kFrom, int kTo, int rowFrom, int rowTo,
                         int[][] b, int bBase, int nb, int[] tile) {
        int full = m / MR * MR;
        int[] acc0 = new int[NB], acc1 = new int[NB], acc2 = new int[NB], acc3 = new int[NB];
        int r = rowFrom;
        for (; r + MR <= rowTo && r < full; r += MR) {
            int a = r * kd + kFrom * MR;
            for (int kk = kFrom; kk < kTo; kk++, a += MR) {
                int a0 = ap[a], a1 = ap[a + 1], a2 = ap[a + 2], a3 = ap[a + 3];
                int[] bk = b[bBase + kk];
                for (int j = 0; j < nb; j++) {
                    int bv = bk[j];
                    acc0[j] += a0 * bv;
                    acc1[j] += a1 * bv;
                    acc2[j] += a2 * bv;
                    acc3[j] += a3 * bv;
                }
            }
            int t = (r - rowFrom) * NB;
            System.arraycopy(acc0, 0, tile, t, nb);
            System.arraycopy(acc1, 0, tile, t + NB, nb);
            System.arraycopy(acc2, 0, tile, t + 2 * NB, nb);
            System.arraycopy(acc3, 0, tile, t + 3 * NB, nb);
            for (int j = 0; j < nb; j++) { acc0[j] = 0; acc1[j] = 0; acc2[j] = 0; acc3[j] = 0; }
        }
        for (; r < rowTo; r++) {
            int a = r * kd;
            for (int kk = kFrom; kk < kTo; kk++) {
                int a0 = ap[a + kk];
                int[] bk = b[bBase + kk];
                for (int j = 0; j < nb; j++) acc0[j] += a0 * bk[j];
            }
            System.arraycopy(acc0, 0, tile, (r - rowFrom) * NB, nb);
            for (int j = 0; j < nb; j++) acc0[j] = 0;
        }
    }

    static void multiplyVector(int[] ap, int m, int kd, int rowFrom, int rowTo,
                               int[] x, int xOff, int[] y, int yOff) {
        int full = m / MR * MR;
        int r = rowFrom;
        for (; r + MR <= rowTo && r < full; r += MR) {
            int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int a = r * kd;
            for (int kk = 0; kk < kd; kk++, a += MR) {
                int xv = x[xOff + kk];
                s0 += ap[a] * xv;
                s1 += ap[a + 1] * xv;
                s2 += ap[a + 2] * xv;
                s3 += ap[a + 3] * xv;
            }
            y[yOff + r] = s0; y[yOff + r + 1] = s1; y[yOff + r + 2] = s2; y[yOff + r + 3] = s3;
        }
        for (; r < rowTo; r++) {
            int s = 0;
            int a = r * kd;
            for (int kk = 0; kk < kd; kk++) s += ap[a + kk] * x[xOff + kk];
            y[yOff + r] = s;
        }
    }
}
