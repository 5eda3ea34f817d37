package org.dlas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The reference itself, on cases worked out by hand. */
class DirectReferenceTest {
    private static final float[] IMAGE_3X3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final float[] KERNEL_2X2 = {1, 2, 3, 4};

    @Test
    void oneChannel3x3Image2x2KernelNoPadding() {
        // out(0,0) = 1*1 + 2*2 + 4*3 + 5*4 = 37; (0,1) = 2+6+15+24 = 47; (1,0) = 4+10+21+32 = 67; (1,1) = 5+12+24+36 = 77
        ConvSpec spec = new ConvSpec(1, 1, 2, 2, 1, 1, 0, 0, 1);
        float[] out = new DirectPrimitive().prepare(spec, KERNEL_2X2, new float[] {0.5f}).run(IMAGE_3X3, 1, 3, 3);
        assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, out);
    }

    @Test
    void strideTwoPaddingOne() {
        // output 2x2; tap (r,s) of output (oy,ox) reads input (2*oy-1+r, 2*ox-1+s)
        // (0,0): only x(0,0)*4 = 4; (0,1): x(0,1)*3 + x(0,2)*4 = 6+12 = 18
        // (1,0): x(1,0)*2 + x(2,0)*4 = 8+28 = 36; (1,1): 5*1 + 6*2 + 8*3 + 9*4 = 77
        ConvSpec spec = new ConvSpec(1, 1, 2, 2, 2, 2, 1, 1, 1);
        float[] out = new DirectPrimitive().prepare(spec, KERNEL_2X2, null).run(IMAGE_3X3, 1, 3, 3);
        assertArrayEquals(new float[] {4, 18, 36, 77}, out);
    }

    @Test
    void twoOutputChannelsBatchOfTwo() {
        // channel 0: the kernel above; channel 1: [[0,0],[0,-1]] picks -x(oy+1,ox+1)
        ConvSpec spec = new ConvSpec(1, 2, 2, 2, 1, 1, 0, 0, 1);
        float[] w = {1, 2, 3, 4, 0, 0, 0, -1};
        float[] x = new float[18];
        System.arraycopy(IMAGE_3X3, 0, x, 0, 9);
        for (int i = 0; i < 9; i++) x[9 + i] = 10 * IMAGE_3X3[i];
        float[] out = new DirectPrimitive().prepare(spec, w, new float[] {0, 1}).run(x, 2, 3, 3);
        assertArrayEquals(new float[] {37, 47, 67, 77, -4, -5, -7, -8,
                370, 470, 670, 770, -49, -59, -79, -89}, out);
    }

    @Test
    void groupsKeepChannelsApart() {
        // 2 groups, 1x1: out0 = 2*x0, out1 = -x1 (x0 never reaches out1 and vice versa)
        ConvSpec spec = new ConvSpec(2, 2, 1, 1, 1, 1, 0, 0, 2);
        float[] x = {1, 2, 3, 4, 10, 20, 30, 40};
        float[] out = new DirectPrimitive().prepare(spec, new float[] {2, -1}, null).run(x, 1, 2, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8, -10, -20, -30, -40}, out);
    }

    @Test
    void depthwiseWithPadding() {
        // 2 channels, depthwise 3x3 all-ones kernel with padding 1 on a 2x2 image: every output is
        // the sum of the channel (all four pixels are within every 3x3 window)
        ConvSpec spec = new ConvSpec(2, 2, 3, 3, 1, 1, 1, 1, 2);
        float[] w = new float[18];
        java.util.Arrays.fill(w, 1f);
        float[] x = {1, 2, 3, 4, -1, -1, -1, 5};
        float[] out = new DirectPrimitive().prepare(spec, w, null).run(x, 1, 2, 2);
        assertArrayEquals(new float[] {10, 10, 10, 10, 2, 2, 2, 2}, out);
    }

    @Test
    void denseLayer() {
        // W = [[1,2,3],[-1,0,1]], b = [0.5,-1]; x = [1,1,2] -> [9.5, 0]; x = [0,1,0] -> [2.5, -1]
        ConvSpec spec = ConvSpec.dense(3, 2);
        float[] out = new DirectPrimitive().prepare(spec, new float[] {1, 2, 3, -1, 0, 1}, new float[] {0.5f, -1f})
                .run(new float[] {1, 1, 2, 0, 1, 0}, 2, 1, 1);
        assertArrayEquals(new float[] {9.5f, 0f, 2.5f, -1f}, out);
    }

    @Test
    void int8SubtractsZeroPointAndPaddingAddsNothing() {
        // x = [[10,20],[30,40]], zp = 10 -> d = [[0,10],[20,30]]; kernel [[1,-1],[2,3]], pad 1 -> 3x3 output
        // tap (r,s) of output (oy,ox) reads d(oy-1+r, ox-1+s):
        // (0,0) d00*3 = 0           (0,1) d00*2 + d01*3 = 30          (0,2) d01*2 = 20
        // (1,0) -d00 + 3*d10 = 60   (1,1) d00 - d01 + 2*d10 + 3*d11 = 120   (1,2) d01 + 2*d11 = 70
        // (2,0) -d10 = -20          (2,1) d10 - d11 = -10              (2,2) d11 = 30
        ConvSpec spec = new ConvSpec(1, 1, 2, 2, 1, 1, 1, 1, 1);
        byte[] x = {10, 20, 30, 40};
        int[] out = new DirectPrimitive().prepareInt8(spec, new byte[] {1, -1, 2, 3}, new int[] {5}).run(x, 1, 2, 2, 10);
        assertArrayEquals(new int[] {5, 35, 25, 65, 125, 75, -15, -5, 35}, out);
    }

    @Test
    void int8ExtremeValues() {
        // 1x1, 2 input channels: (-128 - 127) * -128 + (127 - 127) * 127 = 32640
        ConvSpec spec = new ConvSpec(2, 1, 1, 1, 1, 1, 0, 0, 1);
        int[] out = new DirectPrimitive().prepareInt8(spec, new byte[] {-128, 127}, null)
                .run(new byte[] {-128, 127}, 1, 1, 1, 127);
        assertArrayEquals(new int[] {32640}, out);
    }
}
