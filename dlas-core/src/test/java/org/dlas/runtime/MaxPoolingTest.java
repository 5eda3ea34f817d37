package org.dlas.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.junit.jupiter.api.Test;

/** The unpadded max pool gives ElementwiseOps.pool's values bit for bit, -0, +0, NaN and infinities included. */
class MaxPoolingTest {

    @Test void equalsTheReferencePoolBitForBit() {
        Random rnd = new Random(9);
        float[] specials = {-0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        int[][] configs = {{2, 2, 0, 28, 28}, {2, 2, 0, 7, 9}, {3, 2, 0, 9, 8}, {3, 1, 0, 6, 6}, {3, 2, 1, 7, 7}, {1, 1, 0, 3, 4}};
        for (int[] c : configs) {
            int k = c[0], stride = c[1], pad = c[2], h = c[3], w = c[4], channels = 3, n = 2;
            Shape in = new Shape(channels, h, w);
            Shape out = new Shape(channels, (h + 2 * pad - k) / stride + 1, (w + 2 * pad - k) / stride + 1);
            float[] x = new float[n * in.size()];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextInt(10) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextFloat() * 2 - 1;
            Op.MaxPool pool = new Op.MaxPool(k, stride, pad);
            float[] ref = ElementwiseOps.pool(x, in, out, n, pool, true);
            float[] got = MaxPooling.run(x, in, out, n, pool);
            int[] refBits = new int[ref.length], gotBits = new int[got.length];
            for (int i = 0; i < ref.length; i++) { refBits[i] = Float.floatToRawIntBits(ref[i]); gotBits[i] = Float.floatToRawIntBits(got[i]); }
            assertArrayEquals(refBits, gotBits, "k=" + k + " stride=" + stride + " pad=" + pad + " " + h + "x" + w);
        }
    }
}
