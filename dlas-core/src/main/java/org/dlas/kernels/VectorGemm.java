package org.dlas.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fp32 block product of {@link Gemm} with the Java Vector API (incubator module
 * {@code jdk.incubator.vector} on Java 17): register-blocked, two packed panels of {@link Gemm#MR}
 * rows (8 rows) x 2 vectors of columns held in 16 vector registers over the whole reduction, so
 * each step loads two vectors of B and eight weights for sixteen fused multiply-adds, where the
 * scalar kernel loads and stores its accumulator rows on every step. Remaining rows and columns
 * run 4-row, one-vector and single-column variants. Only loaded when the module is present
 * ({@link #AVAILABLE}); otherwise {@link Gemm} runs its scalar loops.
 *
 * <p>Each output element is still summed over kk ascending from 0 by itself, with one fused
 * multiply-add per step ({@link Math#fma} in the column tail), so results do not depend on the
 * block it falls in or on how work is split.
 */
final class VectorGemm {
    /** True when this JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorGemm() {}

    /** Same contract as the scalar {@code Gemm.multiply} for fp32. */
    static void multiply(float[] ap, int m, int kd, int rowFrom, int rowTo, float[][] b, int bBase, int nb, float[] tile) {
        Kernel.multiply(ap, m, kd, rowFrom, rowTo, b, bBase, nb, tile);
    }

    /** The vector code proper, in its own class so that nothing loads FloatVector unless the module is there. */
    private static final class Kernel {
        static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        static final int L = S.length();

        static void multiply(float[] ap, int m, int kd, int rowFrom, int rowTo, float[][] b, int bBase, int nb, float[] tile) {
            int full = m / Gemm.MR * Gemm.MR, mr = Gemm.MR;
            int r = rowFrom;
            // two packed panels (8 rows) at a time: each B vector loaded serves 8 rows
            for (; r + 2 * mr <= rowTo && r + 2 * mr <= full; r += 2 * mr) {
                int t = (r - rowFrom) * Gemm.NB, a = r * kd;
                int j = 0;
                for (; j + 2 * L <= nb; j += 2 * L) panel8x2(ap, a, a + mr * kd, kd, b, bBase, j, tile, t);
                columns4(ap, a, kd, b, bBase, j, nb, tile, t);
                columns4(ap, a + mr * kd, kd, b, bBase, j, nb, tile, t + mr * Gemm.NB);
            }
            for (; r + mr <= rowTo && r < full; r += mr) columns4(ap, r * kd, kd, b, bBase, 0, nb, tile, (r - rowFrom) * Gemm.NB);
            for (; r < rowTo; r++) { // leftover rows, stored plainly: A[r][kk] at r * kd + kk
                int t = (r - rowFrom) * Gemm.NB, a = r * kd;
                int j = 0;
                for (; j + L <= nb; j += L) {
                    FloatVector c = FloatVector.zero(S);
                    for (int kk = 0; kk < kd; kk++) c = FloatVector.fromArray(S, b[bBase + kk], j).fma(FloatVector.broadcast(S, ap[a + kk]), c);
                    c.intoArray(tile, t + j);
                }
                for (; j < nb; j++) {
                    float s = 0f;
                    for (int kk = 0; kk < kd; kk++) s = Math.fma(ap[a + kk], b[bBase + kk][j], s);
                    tile[t + j] = s;
                }
            }
        }

        /** Columns [j, nb) of the 4-row panel at {@code a}: two vectors, one vector, then one column at a time. */
        private static void columns4(float[] ap, int a, int kd, float[][] b, int bBase, int j, int nb, float[] tile, int t) {
            for (; j + 2 * L <= nb; j += 2 * L) panel4x2(ap, a, kd, b, bBase, j, tile, t);
            for (; j + L <= nb; j += L) panel4x1(ap, a, kd, b, bBase, j, tile, t);
            for (; j < nb; j++) {
                for (int i = 0; i < Gemm.MR; i++) {
                    float s = 0f;
                    for (int kk = 0, ai = a + i; kk < kd; kk++, ai += Gemm.MR) s = Math.fma(ap[ai], b[bBase + kk][j], s);
                    tile[t + i * Gemm.NB + j] = s;
                }
            }
        }

        /** Rows of two 4-row panels (at {@code a} and {@code a2}) times columns j..j+2L: 16 accumulators. */
        private static void panel8x2(float[] ap, int a, int a2, int kd, float[][] b, int bBase, int j, float[] tile, int t) {
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
            for (int kk = 0; kk < kd; kk++, a += Gemm.MR, a2 += Gemm.MR) {
                float[] bk = b[bBase + kk];
                FloatVector b0 = FloatVector.fromArray(S, bk, j), b1 = FloatVector.fromArray(S, bk, j + L);
                FloatVector x = FloatVector.broadcast(S, ap[a]);
                c00 = b0.fma(x, c00);
                c01 = b1.fma(x, c01);
                x = FloatVector.broadcast(S, ap[a + 1]);
                c10 = b0.fma(x, c10);
                c11 = b1.fma(x, c11);
                x = FloatVector.broadcast(S, ap[a + 2]);
                c20 = b0.fma(x, c20);
                c21 = b1.fma(x, c21);
                x = FloatVector.broadcast(S, ap[a + 3]);
                c30 = b0.fma(x, c30);
                c31 = b1.fma(x, c31);
                x = FloatVector.broadcast(S, ap[a2]);
                c40 = b0.fma(x, c40);
                c41 = b1.fma(x, c41);
                x = FloatVector.broadcast(S, ap[a2 + 1]);
                c50 = b0.fma(x, c50);
                c51 = b1.fma(x, c51);
                x = FloatVector.broadcast(S, ap[a2 + 2]);
                c60 = b0.fma(x, c60);
                c61 = b1.fma(x, c61);
                x = FloatVector.broadcast(S, ap[a2 + 3]);
                c70 = b0.fma(x, c70);
                c71 = b1.fma(x, c71);
            }
            int n = Gemm.NB;
            c00.intoArray(tile, t + j);
            c01.intoArray(tile, t + j + L);
            c10.intoArray(tile, t + n + j);
            c11.intoArray(tile, t + n + j + L);
            c20.intoArray(tile, t + 2 * n + j);
            c21.intoArray(tile, t + 2 * n + j + L);
            c30.intoArray(tile, t + 3 * n + j);
            c31.intoArray(tile, t + 3 * n + j + L);
            c40.intoArray(tile, t + 4 * n + j);
            c41.intoArray(tile, t + 4 * n + j + L);
            c50.intoArray(tile, t + 5 * n + j);
            c51.intoArray(tile, t + 5 * n + j + L);
            c60.intoArray(tile, t + 6 * n + j);
            c61.intoArray(tile, t + 6 * n + j + L);
            c70.intoArray(tile, t + 7 * n + j);
            c71.intoArray(tile, t + 7 * n + j + L);
        }

        /** Rows r..r+3 (packed panel at {@code a}) times columns j..j+2L. */
        private static void panel4x2(float[] ap, int a, int kd, float[][] b, int bBase, int j, float[] tile, int t) {
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            for (int kk = 0; kk < kd; kk++, a += Gemm.MR) {
                float[] bk = b[bBase + kk];
                FloatVector b0 = FloatVector.fromArray(S, bk, j), b1 = FloatVector.fromArray(S, bk, j + L);
                FloatVector a0 = FloatVector.broadcast(S, ap[a]), a1 = FloatVector.broadcast(S, ap[a + 1]);
                FloatVector a2 = FloatVector.broadcast(S, ap[a + 2]), a3 = FloatVector.broadcast(S, ap[a + 3]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
            }
            c00.intoArray(tile, t + j);
            c01.intoArray(tile, t + j + L);
            c10.intoArray(tile, t + Gemm.NB + j);
            c11.intoArray(tile, t + Gemm.NB + j + L);
            c20.intoArray(tile, t + 2 * Gemm.NB + j);
            c21.intoArray(tile, t + 2 * Gemm.NB + j + L);
            c30.intoArray(tile, t + 3 * Gemm.NB + j);
            c31.intoArray(tile, t + 3 * Gemm.NB + j + L);
        }

        /** Rows r..r+3 times columns j..j+L. */
        private static void panel4x1(float[] ap, int a, int kd, float[][] b, int bBase, int j, float[] tile, int t) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
            for (int kk = 0; kk < kd; kk++, a += Gemm.MR) {
                FloatVector bv = FloatVector.fromArray(S, b[bBase + kk], j);
                c0 = bv.fma(FloatVector.broadcast(S, ap[a]), c0);
                c1 = bv.fma(FloatVector.broadcast(S, ap[a + 1]), c1);
                c2 = bv.fma(FloatVector.broadcast(S, ap[a + 2]), c2);
                c3 = bv.fma(FloatVector.broadcast(S, ap[a + 3]), c3);
            }
            c0.intoArray(tile, t + j);
            c1.intoArray(tile, t + Gemm.NB + j);
            c2.intoArray(tile, t + 2 * Gemm.NB + j);
            c3.intoArray(tile, t + 3 * Gemm.NB + j);
        }
    }
}
