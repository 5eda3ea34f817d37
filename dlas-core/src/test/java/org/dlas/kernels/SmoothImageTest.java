package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Natural-looking input instead of noise: a deterministic 3-channel picture made of a horizontal
 * gradient, a vertical gradient and a bright disc with a soft ripple. (Real images are wired in
 * by the dataset integration.) Edge filters give known values on the gradients, and all
 * primitives agree with the reference in fp32 and int8.
 */
class SmoothImageTest {
    private static final int H = 30, W = 34;

    static float[] picture() {
        float[] x = new float[3 * H * W];
        for (int y = 0; y < H; y++) {
            for (int c = 0; c < W; c++) {
                x[y * W + c] = c / (float) (W - 1);
                x[H * W + y * W + c] = y / (float) (H - 1);
                double dy = y - H / 2.0, dx = c - W / 2.0, r = Math.sqrt(dx * dx + dy * dy);
                x[2 * H * W + y * W + c] = (float) ((r < 9 ? 0.8 : 0.1) + 0.1 * Math.sin(r / 2));
            }
        }
        return x;
    }

    /** Output 0: Sobel-x on the horizontal gradient; output 1: Sobel-y on the vertical one; 2: box blur of the disc. */
    static float[] filters() {
        float[] sobelX = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
        float[] sobelY = {-1, -2, -1, 0, 0, 0, 1, 2, 1};
        float[] w = new float[3 * 3 * 9];
        System.arraycopy(sobelX, 0, w, 0, 9);
        System.arraycopy(sobelY, 0, w, (3 + 1) * 9, 9);
        for (int i = 0; i < 9; i++) w[(6 + 2) * 9 + i] = 1f / 9;
        return w;
    }

    @Test
    void edgeFiltersSeeTheGradientsAndAllPrimitivesAgree() {
        ConvSpec spec = conv(3, 3, 3, 3, 1, 1, 1);
        float[] x = picture(), w = filters();
        float[] ref = new DirectPrimitive().prepare(spec, w, null).run(x, 1, H, W);
        // interior: Sobel-x of c/(W-1) is (1+2+1) * 2/(W-1); Sobel-y of y/(H-1) is 8/(H-1)
        for (int y = 1; y < H - 1; y++) {
            for (int c = 1; c < W - 1; c++) {
                assertEquals(8.0 / (W - 1), ref[y * W + c], 1e-5);
                assertEquals(8.0 / (H - 1), ref[H * W + y * W + c], 1e-5);
            }
        }
        // the blurred disc is bright in the middle and dark in the corner
        float centre = ref[2 * H * W + (H / 2) * W + W / 2], corner = ref[2 * H * W + W + 1];
        assertEquals(true, centre > 0.75f && corner < 0.25f, centre + " " + corner);
        for (String name : Primitives.names()) {
            float[] got = Primitives.create(name, Map.of()).prepare(spec, w, null).run(x, 1, H, W);
            assertClose(ref, got, name);
        }
    }

    @Test
    void quantisedPictureIsExactForEveryPrimitive() {
        // input scale 1/200 with zero point -100: q = round(x * 200) - 100 in [-100, 100]
        float[] x = picture();
        byte[] xq = new byte[x.length];
        for (int i = 0; i < x.length; i++) xq[i] = (byte) Math.max(-128, Math.min(127, Math.round(x[i] * 200) - 100));
        byte[] wq = new byte[3 * 3 * 9];
        float[] w = filters();
        for (int i = 0; i < w.length; i++) wq[i] = (byte) Math.round(w[i] * 63);
        ConvSpec spec = conv(3, 3, 3, 3, 1, 1, 1);
        int[] ref = new DirectPrimitive().prepareInt8(spec, wq, null).run(xq, 1, H, W, -100);
        // Sobel-x of the quantised gradient: round(c*200/33) steps of ~6, times 63 * 4 per step of 2 columns
        int mid = (H / 2) * W + W / 2;
        int expected = 63 * 4 * (xq[mid + 1] - xq[mid - 1]);
        assertEquals(expected, ref[mid]);
        for (String name : Primitives.names()) {
            assertExact(ref, Primitives.create(name, Map.of()).prepareInt8(spec, wq, null).run(xq, 1, H, W, -100), name);
        }
    }
}
