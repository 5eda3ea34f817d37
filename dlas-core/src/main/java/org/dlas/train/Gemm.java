package org.dlas.train;

/**
 * Small dense matrix products on row arrays ({@code float[][]}, one array per row), the layout the
 * JIT vectorises: the inner loops index every row from the same position. Both kernels accumulate
 * into C. Their summation order is fixed by the sizes alone, so results are reproducible.
 */
final class Gemm {
    /** Column tile: four C rows plus one B row tile stay in L1. */
    private static final int NB = 512;

    private Gemm() { }

    /**
     * {@code C[cr+i][j] += sum_k A[ar+i][k] * B[br+k][j]} for i &lt; M, j &lt; N, k &lt; K. Blocked in
     * four rows of C (each B element loaded once for four products) and column tiles of {@value #NB}.
     */
    static void nn(int M, int N, int K, float[][] A, int ar, float[][] B, int br, float[][] C, int cr) {
        for (int j0 = 0; j0 < N; j0 += NB) {
            int j1 = Math.min(N, j0 + NB);
            int i = 0;
            for (; i + 4 <= M; i += 4) {
                float[] c0 = C[cr + i], c1 = C[cr + i + 1], c2 = C[cr + i + 2], c3 = C[cr + i + 3];
                float[] x0 = A[ar + i], x1 = A[ar + i + 1], x2 = A[ar + i + 2], x3 = A[ar + i + 3];
                for (int k = 0; k < K; k++) {
                    float a0 = x0[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
                    if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f) continue;
                    float[] b = B[br + k];
                    for (int j = j0; j < j1; j++) {
                        float bj = b[j];
                        c0[j] += a0 * bj;
                        c1[j] += a1 * bj;
                        c2[j] += a2 * bj;
                        c3[j] += a3 * bj;
                    }
                }
            }
            for (; i + 2 <= M; i += 2) {
                float[] c0 = C[cr + i], c1 = C[cr + i + 1];
                float[] x0 = A[ar + i], x1 = A[ar + i + 1];
                for (int k = 0; k < K; k++) {
                    float a0 = x0[k], a1 = x1[k];
                    if (a0 == 0f && a1 == 0f) continue;
                    float[] b = B[br + k];
                    for (int j = j0; j < j1; j++) {
                        float bj = b[j];
                        c0[j] += a0 * bj;
                        c1[j] += a1 * bj;
                    }
                }
            }
            for (; i < M; i++) {
                float[] c0 = C[cr + i];
                float[] x0 = A[ar + i];
                for (int k = 0; k < K; k++) {
                    float a0 = x0[k];
                    if (a0 == 0f) continue;
                    float[] b = B[br + k];
                    for (int j = j0; j < j1; j++) c0[j] += a0 * b[j];
                }
            }
        }
    }

    /**
     * {@code C[cr+i][k] += sum_j A[ar+i][j] * B[br+k][j]} for i &lt; M, k &lt; K, j &lt; N: dot
     * products of rows, blocked 2 x 2 (four independent sums).
     */
    static void nt(int M, int K, int N, float[][] A, int ar, float[][] B, int br, float[][] C, int cr) {
        int i = 0;
        for (; i + 2 <= M; i += 2) {
            float[] a0 = A[ar + i], a1 = A[ar + i + 1];
            float[] c0 = C[cr + i], c1 = C[cr + i + 1];
            int k = 0;
            for (; k + 2 <= K; k += 2) {
                float[] b0 = B[br + k], b1 = B[br + k + 1];
                float s00 = 0, s01 = 0, s10 = 0, s11 = 0;
                for (int j = 0; j < N; j++) {
                    float x0 = a0[j], x1 = a1[j], y0 = b0[j], y1 = b1[j];
                    s00 += x0 * y0;
                    s01 += x0 * y1;
                    s10 += x1 * y0;
                    s11 += x1 * y1;
                }
                c0[k] += s00;
                c0[k + 1] += s01;
                c1[k] += s10;
                c1[k + 1] += s11;
            }
            for (; k < K; k++) {
                float[] b0 = B[br + k];
                float s0 = 0, s1 = 0;
                for (int j = 0; j < N; j++) {
                    s0 += a0[j] * b0[j];
                    s1 += a1[j] * b0[j];
                }
                c0[k] += s0;
                c1[k] += s1;
            }
        }
        for (; i < M; i++) {
            float[] a0 = A[ar + i];
            float[] c0 = C[cr + i];
            for (int k = 0; k < K; k++) c0[k] += dot(a0, B[br + k], N);
        }
    }

    /** Sum of a[j] * b[j] for j &lt; n, four interleaved partial sums. */
    static float dot(float[] a, float[] b, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < n; j++) s0 += a[j] * b[j];
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of a[j] for j &lt; n. */
    static float sum(float[] a, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[j];
            s1 += a[j + 1];
            s2 += a[j + 2];
            s3 += a[j + 3];
        }
        for (; j < n; j++) s0 += a[j];
        return (s0 + s1) + (s2 + s3);
    }
}
