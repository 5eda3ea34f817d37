package org.dlas.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API block product against the scalar one, on shapes that exercise every path: full
 * 4-row panels and leftover rows, two-vector and one-vector column panels and the column tail.
 * The build adds the incubator module to the test JVM, so the vector path must be the one running.
 */
class VectorGemmTest {

    @ParameterizedTest(name = "m={0} kd={1} nb={2}")
    @CsvSource({"4, 1, 1", "7, 9, 33", "16, 27, 256", "13, 144, 250", "64, 576, 17", "5, 3, 64"})
    void vectorKernelMatchesTheScalarOne(int m, int kd, int nb) {
        assertTrue(VectorGemm.AVAILABLE, "the test JVM runs without --add-modules jdk.incubator.vector");
        Random rnd = new Random(m * 31L + kd * 7L + nb);
        float[] a = new float[m * kd];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() * 2 - 1;
        float[][] b = new float[kd][nb];
        for (float[] row : b) for (int j = 0; j < nb; j++) row[j] = rnd.nextFloat() * 2 - 1;
        float[] packed = Gemm.pack(a, 0, m, kd);
        float[] scalar = new float[m * Gemm.NB], vector = new float[m * Gemm.NB];
        Gemm.multiplyScalar(packed, m, kd, 0, m, b, 0, nb, scalar);
        VectorGemm.multiply(packed, m, kd, 0, m, b, 0, nb, vector);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < nb; j++) {
                double want = 0;
                for (int kk = 0; kk < kd; kk++) want += (double) a[r * kd + kk] * b[kk][j];
                int i = r * Gemm.NB + j;
                assertEquals(scalar[i], vector[i], 1e-4 * Math.max(1, Math.abs(scalar[i])), "row " + r + " col " + j);
                assertEquals(want, vector[i], 1e-4 * Math.max(1, Math.abs(want)), "row " + r + " col " + j + " vs double sum");
            }
        }
    }
}
