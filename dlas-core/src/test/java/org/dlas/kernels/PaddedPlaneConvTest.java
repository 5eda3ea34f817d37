package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Spatial pack's vector kernel on the zoo's largest conv, strided layers and narrow images, against direct (fp32 within 1e-4). */
class PaddedPlaneConvTest {

    @Test void spatialPackRunsTheVectorKernelOnLayersWithoutGroups() {
        assertTrue(PaddedPlaneConv.suits(conv(16, 16, 3, 3, 1, 1, 1)), "the Vector API module is on in tests");
        assertTrue(PaddedPlaneConv.suits(conv(16, 32, 3, 3, 2, 1, 1)), "strided");
        assertFalse(PaddedPlaneConv.suits(conv(16, 16, 3, 3, 1, 1, 2)), "groups keep the window kernel");
    }

    @Test void matchesDirectOnTheZoosLargestConvAndOnNarrowImages() {
        Shape[] shapes = {
            new Shape("resnet block1 3x3 c16->16 14x14", conv(16, 16, 3, 3, 1, 1, 1), 1, 14, 14),
            new Shape("3x3 c16->13 14x14 n3 (ragged block)", conv(16, 13, 3, 3, 1, 1, 1), 3, 14, 14),
            new Shape("5x5 pad2 c1->8 28x28 (lenet conv1)", conv(1, 8, 5, 5, 1, 2, 1), 1, 28, 28),
            new Shape("3x3 c4->8 2x2 (narrow: window kernel)", conv(4, 8, 3, 3, 1, 1, 1), 2, 2, 2),
            new Shape("dense 400->64 (lenet fc1)", ConvSpec.dense(400, 64), 1, 1, 1),
            new Shape("dense 37->5 n3 (vector tail)", ConvSpec.dense(37, 5), 3, 1, 1),
            new Shape("resnet block2.a 3x3 stride2 c16->32 14x14", conv(16, 32, 3, 3, 2, 1, 1), 1, 14, 14),
            new Shape("5x3 stride(3,2) pad(2,1) c3->9 17x13 n2", new ConvSpec(3, 9, 5, 3, 3, 2, 2, 1, 1), 2, 17, 13),
        };
        long threshold = Parallel.thresholdMacs();
        try {
            for (Shape s : shapes) {
                Random rnd = new Random(s.label().hashCode());
                float[] w = randomFloats(rnd, s.spec().weightCount()), b = randomFloats(rnd, s.spec().outChannels());
                float[] x = randomFloats(rnd, inputLength(s));
                float[] ref = new DirectPrimitive().prepare(s.spec(), w, b).run(x, s.n(), s.h(), s.w());
                PreparedConv sp = Primitives.create("spatial-pack", Map.of()).prepare(s.spec(), w, b);
                Parallel.setThresholdMacs(Long.MAX_VALUE);
                float[] single = sp.run(x, s.n(), s.h(), s.w());
                assertClose(ref, single, s.label());
                Parallel.setThresholdMacs(0);
                assertArrayEquals(single, sp.run(x, s.n(), s.h(), s.w()), s.label() + " threaded");
            }
        } finally {
            Parallel.setThresholdMacs(threshold);
        }
    }

    /**
     * Batch-1 runs reuse the layer's padded planes and tiles: runs on other inputs and other image
     * sizes in between (which write other cells) must not change a result.
     */
    @Test void reusedScratchGivesTheFreshResults() {
        ConvSpec spec = conv(6, 10, 3, 3, 1, 1, 1);
        Random rnd = new Random(5);
        float[] w = randomFloats(rnd, spec.weightCount()), b = randomFloats(rnd, 10);
        PreparedConv reused = Primitives.create("spatial-pack", Map.of()).prepare(spec, w, b);
        // 7x15 and 15x7 need padded planes of the same length, with the padding in other cells
        int[][] sizes = {{14, 14}, {14, 14}, {7, 15}, {14, 14}, {15, 7}, {7, 15}};
        for (int[] hw : sizes) {
            float[] x = randomFloats(rnd, 6 * hw[0] * hw[1]);
            float[] fresh = Primitives.create("spatial-pack", Map.of()).prepare(spec, w, b).run(x, 1, hw[0], hw[1]);
            assertArrayEquals(fresh, reused.run(x, 1, hw[0], hw[1]), hw[0] + "x" + hw[1]);
        }
    }
}
