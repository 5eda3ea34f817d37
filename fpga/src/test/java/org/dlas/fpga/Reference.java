package org.dlas.fpga;

import java.util.Map;
import java.util.Random;

import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.Primitives;

/** The reference int8 results the designs must match exactly. */
final class Reference {
    private Reference() { }

    /** out[m][n] = bias[m] + sum_t w[m][t] * (x[t][n] - zp), wrapping int32. */
    static int[] gemm(int m, int n, int k, byte[] w, byte[] x, int[] bias, int zp) {
        int[] out = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = bias == null ? 0 : bias[i];
                for (int t = 0; t < k; t++) s += w[i * k + t] * (x[t * n + j] - zp);
                out[i * n + j] = s;
            }
        }
        return out;
    }

    /** The direct primitive's int8 convolution. */
    static int[] conv(ConvSpec spec, byte[] w, int[] bias, byte[] in, int n, int h, int wd, int zp) {
        return Primitives.create("direct", Map.of()).prepareInt8(spec, w, bias).run(in, n, h, wd, zp);
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (r.nextInt(256) - 128);
        return b;
    }

    static int[] ints(Random r, int n, int bound) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(2 * bound + 1) - bound;
        return v;
    }
}
