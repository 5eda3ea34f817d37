package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

class WinogradTest {
    private final WinogradPrimitive wino = new WinogradPrimitive();

    @Test
    void notApplicableReasons() {
        assertEquals(Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has 1x1 stride 1"),
                wino.notApplicable(conv(4, 4, 1, 1, 1, 0, 1)));
        assertEquals(Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has 3x3 stride 2"),
                wino.notApplicable(conv(4, 4, 3, 3, 2, 1, 1)));
        assertEquals(Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has 3x3 stride 1 groups=2"),
                wino.notApplicable(conv(4, 4, 3, 3, 1, 1, 2)));
        assertEquals(Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has 3x3 stride 1 groups=4"),
                wino.notApplicable(conv(4, 4, 3, 3, 1, 1, 4)), "depthwise");
        assertEquals(Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has 5x5 stride 1"),
                wino.notApplicable(conv(4, 4, 5, 5, 1, 2, 1)));
        assertEquals(Optional.of("winograd F(2x2,3x3) needs a 3x3 kernel with stride 1 and groups=1; layer has 3x3 stride 1x2"),
                wino.notApplicable(new ConvSpec(4, 4, 3, 3, 1, 2, 1, 1, 1)));
        assertTrue(wino.notApplicable(ConvSpec.dense(10, 10)).isPresent(), "dense");
        assertTrue(wino.notApplicable(conv(4, 4, 3, 3, 1, 0, 1)).isEmpty());
        assertTrue(wino.notApplicable(conv(4, 4, 3, 3, 1, 2, 1)).isEmpty());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> wino.prepare(conv(4, 4, 1, 1, 1, 0, 1), new float[16], null));
        assertEquals(ErrorKind.UNSUPPORTED, e.kind());
        // every other primitive runs everything
        for (String name : Primitives.names()) {
            if (!name.equals("winograd")) assertTrue(Primitives.create(name, null).notApplicable(conv(4, 4, 3, 3, 2, 1, 4)).isEmpty(), name);
        }
    }

    @Test
    void partialTilesAndPaddingsFp32() {
        Random rnd = new Random(5);
        // odd and even output sizes in both directions, paddings 0..2, batch 1 and 3
        int[][] sizes = {{3, 3}, {4, 4}, {5, 4}, {7, 9}, {6, 11}, {2, 2}, {1, 5}};
        for (int[] hw : sizes) {
            for (int pad = 0; pad <= 2; pad++) {
                ConvSpec spec = conv(3, 5, 3, 3, 1, pad, 1);
                if (hw[0] + 2 * pad < 3 || hw[1] + 2 * pad < 3) continue;
                for (int n : new int[] {1, 3}) {
                    float[] w = randomFloats(rnd, spec.weightCount()), b = randomFloats(rnd, 5);
                    float[] x = randomFloats(rnd, n * 3 * hw[0] * hw[1]);
                    float[] ref = new DirectPrimitive().prepare(spec, w, b).run(x, n, hw[0], hw[1]);
                    float[] got = wino.prepare(spec, w, b).run(x, n, hw[0], hw[1]);
                    assertClose(ref, got, "winograd " + hw[0] + "x" + hw[1] + " pad " + pad + " n " + n);
                }
            }
        }
    }

    @Test
    void fp32ErrorStaysSmallWithManyChannels() {
        Random rnd = new Random(6);
        ConvSpec spec = conv(64, 16, 3, 3, 1, 1, 1);
        float[] w = randomFloats(rnd, spec.weightCount()), x = randomFloats(rnd, 64 * 9 * 11);
        float[] ref = new DirectPrimitive().prepare(spec, w, null).run(x, 1, 9, 11);
        double rel = relativeError(ref, wino.prepare(spec, w, null).run(x, 1, 9, 11));
        assertTrue(rel < FP32_RTOL, "relative error " + rel);
    }

    @Test
    void int8ExactOnExtremeValues() {
        // all weights -128 and inputs at the far end from the zero point: the largest magnitudes
        ConvSpec spec = conv(16, 4, 3, 3, 1, 1, 1);
        byte[] w = new byte[spec.weightCount()];
        java.util.Arrays.fill(w, (byte) -128);
        byte[] x = new byte[16 * 5 * 6];
        java.util.Arrays.fill(x, (byte) -128);
        int[] ref = new DirectPrimitive().prepareInt8(spec, w, null).run(x, 1, 5, 6, 127);
        assertExact(ref, wino.prepareInt8(spec, w, null).run(x, 1, 5, 6, 127), "extreme");
        assertEquals(16 * 9 * 128 * 255, ref[6 + 1], "an interior output sees all 9 taps of all 16 channels");
    }

    @Test
    void int8ChannelChunksStayExact() {
        ConvSpec spec = conv(12, 6, 3, 3, 1, 1, 1);
        Random rnd = new Random(8);
        byte[] w = randomBytes(rnd, spec.weightCount());
        byte[] x = randomBytes(rnd, 2 * 12 * 7 * 5);
        int[] b = randomInts(rnd, 6, 50);
        assertEquals(1, WinogradPrimitive.channelChunks(spec, w, WinogradPrimitive.INT8_CHUNK_LIMIT).size());
        List<int[]> tiny = WinogradPrimitive.channelChunks(spec, w, 1);
        assertEquals(12, tiny.size(), "a limit below one channel's sum gives one channel per chunk");
        List<int[]> some = WinogradPrimitive.channelChunks(spec, w, 3000);
        assertTrue(some.size() > 1 && some.size() < 12, "chunks: " + some.size());
        int[] ref = new DirectPrimitive().prepareInt8(spec, w, b).run(x, 2, 7, 5, -20);
        long saved = WinogradPrimitive.int8ChunkLimit;
        try {
            for (long limit : new long[] {1, 3000, WinogradPrimitive.INT8_CHUNK_LIMIT}) {
                WinogradPrimitive.int8ChunkLimit = limit;
                assertExact(ref, wino.prepareInt8(spec, w, b).run(x, 2, 7, 5, -20), "limit " + limit);
            }
        } finally {
            WinogradPrimitive.int8ChunkLimit = saved;
        }
    }

    @Test
    void int8ManyChannelsNeedSeveralChunksAndStayExact() {
        // 2048 channels of weights -128 exceed the single-chunk bound (4 * 255 * 2048*9*128 > 2^31)
        ConvSpec spec = conv(2048, 1, 3, 3, 1, 0, 1);
        byte[] w = new byte[spec.weightCount()];
        java.util.Arrays.fill(w, (byte) -128);
        assertTrue(WinogradPrimitive.channelChunks(spec, w, WinogradPrimitive.INT8_CHUNK_LIMIT).size() >= 2);
        Random rnd = new Random(9);
        byte[] x = randomBytes(rnd, 2048 * 9);
        for (int i = 0; i < x.length; i++) if (rnd.nextBoolean()) x[i] = -128;
        int[] ref = new DirectPrimitive().prepareInt8(spec, w, null).run(x, 1, 3, 3, 127);
        assertExact(ref, wino.prepareInt8(spec, w, null).run(x, 1, 3, 3, 127), "2048 channels");
    }
}
