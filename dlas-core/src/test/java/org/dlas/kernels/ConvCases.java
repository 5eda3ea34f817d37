package org.dlas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Layer shapes, seeded data and comparison helpers shared by the kernel tests. */
final class ConvCases {
    /**
     * fp32 tolerance against the direct reference: every element within
     * {@code FP32_RTOL * max(1, max|reference|)}. Same for every primitive, Winograd included.
     */
    static final double FP32_RTOL = 1e-4;

    private ConvCases() {}

    /** One layer and one input size. */
    record Shape(String label, ConvSpec spec, int n, int h, int w) {
        @Override public String toString() { return label; }
    }

    static ConvSpec conv(int c, int k, int r, int s, int stride, int pad, int groups) {
        return new ConvSpec(c, k, r, s, stride, stride, pad, pad, groups);
    }

    /** The shape list every primitive is checked on. */
    static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        s.add(new Shape("1x1 c8->16 6x5", conv(8, 16, 1, 1, 1, 0, 1), 1, 6, 5));
        s.add(new Shape("1x1 stride2 c6->8 7x7 n3", conv(6, 8, 1, 1, 2, 0, 1), 3, 7, 7));
        s.add(new Shape("3x3 pad0 c4->8 8x8 n3", conv(4, 8, 3, 3, 1, 0, 1), 3, 8, 8));
        s.add(new Shape("3x3 pad1 c5->12 7x9", conv(5, 12, 3, 3, 1, 1, 1), 1, 7, 9));
        s.add(new Shape("3x3 pad1 c5->12 7x9 n3", conv(5, 12, 3, 3, 1, 1, 1), 3, 7, 9));
        s.add(new Shape("3x3 pad2 c3->6 5x6", conv(3, 6, 3, 3, 1, 2, 1), 1, 5, 6));
        s.add(new Shape("3x3 pad1 c20->37 10x11 (ragged blocks)", conv(20, 37, 3, 3, 1, 1, 1), 1, 10, 11));
        s.add(new Shape("3x3 pad1 c3->5 1x1 image", conv(3, 5, 3, 3, 1, 1, 1), 2, 1, 1));
        s.add(new Shape("5x5 pad2 c3->10 9x7", conv(3, 10, 5, 5, 1, 2, 1), 1, 9, 7));
        s.add(new Shape("5x5 pad0 c2->4 11x12 n3", conv(2, 4, 5, 5, 1, 0, 1), 3, 11, 12));
        s.add(new Shape("3x3 stride2 pad1 c6->9 9x7 n3", conv(6, 9, 3, 3, 2, 1, 1), 3, 9, 7));
        s.add(new Shape("7x7 stride2 pad3 c3->8 15x13", conv(3, 8, 7, 7, 2, 3, 1), 1, 15, 13));
        s.add(new Shape("3x3 pad1 groups2 c6->10 7x9 n3", conv(6, 10, 3, 3, 1, 1, 2), 3, 7, 9));
        s.add(new Shape("1x1 groups2 c8->8 5x5", conv(8, 8, 1, 1, 1, 0, 2), 1, 5, 5));
        s.add(new Shape("depthwise 3x3 pad1 c8 7x9", conv(8, 8, 3, 3, 1, 1, 8), 1, 7, 9));
        s.add(new Shape("depthwise 3x3 stride2 pad1 c6 9x9 n3", conv(6, 6, 3, 3, 2, 1, 6), 3, 9, 9));
        s.add(new Shape("1x3 stride(1,2) pad(0,1) c4->5 6x7",
                new ConvSpec(4, 5, 1, 3, 1, 2, 0, 1, 1), 1, 6, 7));
        s.add(new Shape("dense 37->19", ConvSpec.dense(37, 19), 1, 1, 1));
        s.add(new Shape("dense 37->19 n3", ConvSpec.dense(37, 19), 3, 1, 1));
        s.add(new Shape("dense 200->3 n3", ConvSpec.dense(200, 3), 3, 1, 1));
        return s;
    }

    /** How many seeded random shapes {@link #manyShapes()} adds to the hand-picked ones. */
    static final int GENERATED_SHAPES = 200;

    /**
     * The hand-picked shapes plus {@link #GENERATED_SHAPES} distinct seeded random ones (kernel
     * 1-5 in each direction, strides 1-3 per direction, any padding below the kernel, plain,
     * grouped and depthwise, batch 1-3, some dense), kept small so that all of them run in seconds.
     */
    static List<Shape> manyShapes() {
        List<Shape> s = new ArrayList<>(shapes());
        java.util.Set<String> labels = new java.util.HashSet<>();
        s.forEach(x -> labels.add(x.label()));
        Random rnd = new Random(20_240_601L);
        while (s.size() < shapes().size() + GENERATED_SHAPES) {
            Shape x = randomShape(rnd);
            if (labels.add(x.label())) s.add(x);
        }
        return s;
    }

    private static Shape randomShape(Random rnd) {
        int n = 1 + rnd.nextInt(3);
        if (rnd.nextInt(8) == 0) {
            int in = 1 + rnd.nextInt(64), out = 1 + rnd.nextInt(24);
            return new Shape("dense " + in + "->" + out + " n" + n, ConvSpec.dense(in, out), n, 1, 1);
        }
        int kind = rnd.nextInt(4); // 0, 1: plain; 2: grouped; 3: depthwise
        int groups = kind < 2 ? 1 : kind == 2 ? 2 + rnd.nextInt(2) : 1 + rnd.nextInt(8);
        int in = kind == 3 ? groups : groups * (1 + rnd.nextInt(6));
        int out = kind == 3 ? groups : groups * (1 + rnd.nextInt(6));
        int kh = 1 + rnd.nextInt(5), kw = rnd.nextBoolean() ? kh : 1 + rnd.nextInt(5);
        int sh = 1 + rnd.nextInt(3), sw = rnd.nextBoolean() ? sh : 1 + rnd.nextInt(3);
        int ph = rnd.nextInt(kh), pw = rnd.nextInt(kw);
        int h = Math.max(1, kh - 2 * ph) + rnd.nextInt(10), w = Math.max(1, kw - 2 * pw) + rnd.nextInt(10);
        ConvSpec spec = new ConvSpec(in, out, kh, kw, sh, sw, ph, pw, groups);
        String label = String.format("%dx%d stride(%d,%d) pad(%d,%d) groups%d c%d->%d %dx%d n%d", kh, kw, sh, sw, ph, pw, groups, in, out, h, w, n);
        return new Shape(label, spec, n, h, w);
    }

    static float[] randomFloats(Random rnd, int count) {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) a[i] = rnd.nextFloat() * 2f - 1f;
        return a;
    }

    static byte[] randomBytes(Random rnd, int count) {
        byte[] a = new byte[count];
        for (int i = 0; i < count; i++) a[i] = (byte) (rnd.nextInt(256) - 128);
        return a;
    }

    static int[] randomInts(Random rnd, int count, int bound) {
        int[] a = new int[count];
        for (int i = 0; i < count; i++) a[i] = rnd.nextInt(2 * bound + 1) - bound;
        return a;
    }

    /** Indices 0..count-1 of which round(sparsity*count) are chosen (seeded) to be zeroed. */
    static boolean[] zeroMask(Random rnd, int count, double sparsity) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < count; i++) idx.add(i);
        Collections.shuffle(idx, rnd);
        boolean[] mask = new boolean[count];
        int zeros = (int) Math.round(sparsity * count);
        for (int i = 0; i < zeros; i++) mask[idx.get(i)] = true;
        return mask;
    }

    static float[] sparsify(float[] w, boolean[] zero) {
        float[] out = w.clone();
        for (int i = 0; i < out.length; i++) if (zero[i]) out[i] = 0f;
        return out;
    }

    static byte[] sparsify(byte[] w, boolean[] zero) {
        byte[] out = w.clone();
        for (int i = 0; i < out.length; i++) if (zero[i]) out[i] = 0;
        return out;
    }

    static int inputLength(Shape s) {
        return s.n() * s.spec().inChannels() * s.h() * s.w();
    }

    static int outputLength(Shape s) {
        return s.n() * s.spec().outChannels() * s.spec().outH(s.h()) * s.spec().outW(s.w());
    }

    /** Largest |actual - expected| divided by max(1, max|expected|). */
    static double relativeError(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "output length");
        double scale = 1, err = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(actual[i])) return Double.POSITIVE_INFINITY;
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
        }
        return err / scale;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        double rel = relativeError(expected, actual);
        if (!(rel <= FP32_RTOL)) fail(what + ": relative error " + rel + " exceeds " + FP32_RTOL);
    }

    static void assertExact(int[] expected, int[] actual, String what) {
        assertArrayEquals(expected, actual, what);
    }
}
