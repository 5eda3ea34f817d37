package org.dlas.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fp32 block product of {@link Gemm} with the Java Vector API (incubator module
 * {@code jdk.incubator.vector} on Java 17): register-blocked, {@link Gemm#MR} rows x 2 vectors of
 * columns held in registers over the whole reduction, so each step loads two vectors of B and
 * four weights for eight fused multiply-adds, where the scalar kernel loads and stores its
 * accumulator rows on every step. Only loaded when the module is present
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
            int full = m / Gemm.MR * Gemm.MR;
            int r = rowFrom;
            for (; r + Gemm.MR <= rowTo && r < full; r += Gemm.MR) {
                int t = (r - rowFrom) * Gemm.NB, a = r * kd;
                int j = 0;
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
