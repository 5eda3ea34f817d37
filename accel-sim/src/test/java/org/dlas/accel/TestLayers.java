package org.dlas.accel;

import java.util.Map;
import java.util.SplittableRandom;

import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.Primitives;

/** Small synthetic layers for unit tests (the real-model tests use trained zoo models). */
public final class TestLayers {
    private TestLayers() { }

    /** A 1x1 convolution that lowers to exactly the GEMM M x N x K (M = h * w pixels of one image). */
    public static ConvLayer gemm(int m, int n, int k, long seed) {
        int h = 1, w = m;
        for (int d = (int) Math.sqrt(m); d >= 1; d--) if (m % d == 0) { h = d; w = m / d; break; }
        ConvSpec spec = new ConvSpec(k, n, 1, 1, 1, 1, 0, 0, 1);
        return ConvLayer.fp32(spec, random(k * h * w, seed), 1, h, w, random(spec.weightCount(), seed + 1));
    }

    public static float[] random(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    public static byte[] randomBytes(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] a = new byte[len];
        for (int i = 0; i < len; i++) a[i] = (byte) (r.nextInt(256) - 128);
        return a;
    }

    /** The direct reference's fp32 result (no bias). */
    public static float[] reference(ConvSpec spec, float[] weights, float[] input, int n, int h, int w) {
        PreparedConv p = Primitives.create("direct", Map.of()).prepare(spec, weights, null);
        return p.run(input, n, h, w);
    }
}
