package org.dlas.accel.sigma;

/**
 * The operands STONNE's standalone SparseGEMM draws, reproduced so that dlas can be compared with it
 * on the same nonzero pattern. STONNE never seeds the C library's generator, so glibc's rand() runs
 * from its default seed 1; per element of the M x K matrix (row-major), then of the K x N matrix,
 * it draws {@code rand() % 100} and makes the element zero when that is {@code <= sparsity}
 * (so 0 % sparsity still zeroes about 1 % of them), otherwise draws {@code rand() % 10 + 1}.
 */
public final class StonneOperands {
    private StonneOperands() { }

    /** The M x K and K x N matrices of {@code -SparseGEMM -M -N -K -MK_sparsity -KN_sparsity} (row-major). */
    public static float[][] sparseGemm(int m, int n, int k, int mkSparsity, int knSparsity) {
        GlibcRandom rand = new GlibcRandom(1);
        return new float[][] {matrix(rand, m * k, mkSparsity), matrix(rand, k * n, knSparsity)};
    }

    private static float[] matrix(GlibcRandom rand, int len, int sparsity) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = rand.next() % 100 <= sparsity ? 0 : rand.next() % 10 + 1;
        return a;
    }

    /**
     * glibc's default random() (TYPE_3: additive feedback over 34 words, r[i] = r[i-3] + r[i-31]),
     * which rand() returns: seeded by a Lehmer sequence, the first 310 outputs discarded, each output
     * the sum shifted right by one.
     */
    static final class GlibcRandom {
        private final int[] r = new int[34];
        private int i;

        GlibcRandom(int seed) {
            r[0] = seed == 0 ? 1 : seed;
            for (int j = 1; j < 31; j++) {
                long hi = r[j - 1] / 127773, lo = r[j - 1] % 127773;
                long word = 16807 * lo - 2836 * hi;
                r[j] = (int) (word < 0 ? word + 2147483647 : word);
            }
            for (int j = 31; j < 34; j++) r[j] = r[j - 31];
            i = 0;
            for (int j = 0; j < 310; j++) step();
        }

        private int step() {
            int a = r[(i + 31) % 34], b = r[(i + 3) % 34]; // r[n-3] and r[n-31] in a ring of 34
            int v = a + b;
            r[i] = v;
            i = (i + 1) % 34;
            return v;
        }

        /** The next rand() value, in [0, 2^31). */
        int next() { return step() >>> 1; }
    }
}
