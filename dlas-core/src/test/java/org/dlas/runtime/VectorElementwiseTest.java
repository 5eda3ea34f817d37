package org.dlas.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The Vector API element-wise loops give the scalar loops' values bit for bit (-0, +0, NaN and
 * infinities included), on lengths with and without a scalar tail.
 */
class VectorElementwiseTest {
    private static final float[] SPECIALS = {-0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 6f, -6f};
    private final Random rnd = new Random(17);

    private float[] values(int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) x[i] = rnd.nextInt(8) == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)] : rnd.nextFloat() * 16 - 8;
        return x;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }

    @Test void reluAddAndScaleShiftEqualTheScalarLoops() {
        assertTrue(VectorElementwise.AVAILABLE, "the test JVM runs without --add-modules jdk.incubator.vector");
        for (int length : new int[] {1, 7, 16, 33, 12544}) {
            float[] x = values(length), b = values(length);
            for (float cap : new float[] {Float.POSITIVE_INFINITY, 6f}) {
                float[] want = new float[length], got = new float[length];
                for (int i = 0; i < length; i++) want[i] = Math.min(Math.max(x[i], 0f), cap);
                VectorElementwise.relu(x, cap, got);
                assertArrayEquals(bits(want), bits(got), "relu cap " + cap + " length " + length);
            }
            float[] want = new float[length], got = new float[length];
            for (int i = 0; i < length; i++) want[i] = x[i] + b[i];
            VectorElementwise.add(x, b, got);
            assertArrayEquals(bits(want), bits(got), "add length " + length);

            float scale = 0.37f, shift = -1.3f;
            int from = length / 3;
            want = x.clone();
            got = x.clone();
            for (int i = from; i < length; i++) want[i] = x[i] * scale + shift;
            VectorElementwise.scaleShift(x, scale, shift, got, from, length);
            assertArrayEquals(bits(want), bits(got), "scaleShift length " + length);
        }
    }

    @Test void mulAndScaleEqualTheScalarLoops() {
        for (int length : new int[] {1, 7, 16, 33, 12544}) {
            float[] a = values(length), b = values(length), want = new float[length], got = new float[length];
            for (int i = 0; i < length; i++) want[i] = a[i] * b[i];
            VectorElementwise.mul(a, b, got);
            assertArrayEquals(bits(want), bits(got), "mul length " + length);

            int from = length / 3;
            for (float factor : new float[] {0.37f, -0f, Float.NaN, Float.POSITIVE_INFINITY}) {
                want = a.clone();
                got = a.clone();
                for (int i = from; i < length; i++) want[i] = a[i] * factor;
                VectorElementwise.scale(a, factor, got, from, length);
                assertArrayEquals(bits(want), bits(got), "scale " + factor + " length " + length);
            }
        }
    }

    @Test void inPlaceGivesTheSameValues() {
        float[] x = values(100), y = x.clone(), want = new float[100];
        for (int i = 0; i < 100; i++) want[i] = Math.min(Math.max(x[i], 0f), 6f);
        VectorElementwise.relu(y, 6f, y);
        assertArrayEquals(bits(want), bits(y));
    }

    @Test void maxPool2x2EqualsTheReferencePool() {
        assertTrue(VectorElementwise.AVAILABLE, "the test JVM runs without --add-modules jdk.incubator.vector");
        // 28 wide: three 4-output vector steps and a scalar tail; 7 wide (odd): the last column dropped
        int[][] sizes = {{28, 28}, {14, 14}, {8, 16}, {7, 7}, {2, 2}, {6, 33}};
        for (int[] s : sizes) {
            int h = s[0], w = s[1], oh = h / 2, ow = w / 2, channels = 3;
            float[] x = values(channels * h * w);
            float[] want = new float[channels * oh * ow], got = new float[want.length];
            for (int c = 0; c < channels; c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < 2; ky++) for (int kx = 0; kx < 2; kx++) m = Math.max(m, x[c * h * w + (2 * oy + ky) * w + 2 * ox + kx]);
                        want[(c * oh + oy) * ow + ox] = m;
                    }
                }
                VectorElementwise.maxPool2x2(x, c * h * w, w, got, c * oh * ow, oh, ow);
            }
            assertArrayEquals(bits(want), bits(got), h + "x" + w);
        }
    }
}
