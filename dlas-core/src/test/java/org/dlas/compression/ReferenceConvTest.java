package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.dlas.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

/** The calibration convolution agrees with the literal test loop on every geometry. */
class ReferenceConvTest {

    @Test
    void matchesTheLiteralLoop() {
        Random rnd = new Random(1);
        ConvSpec[] specs = {
            new ConvSpec(3, 5, 3, 3, 1, 1, 1, 1, 1),
            new ConvSpec(4, 6, 3, 3, 2, 2, 1, 1, 2),
            new ConvSpec(6, 6, 3, 3, 2, 2, 1, 1, 6),
            new ConvSpec(2, 3, 5, 3, 3, 1, 2, 0, 1),
            new ConvSpec(3, 4, 1, 1, 2, 2, 0, 0, 1),
            new ConvSpec(3, 2, 2, 2, 1, 1, 0, 0, 1),
            ConvSpec.dense(7, 4),
        };
        for (ConvSpec s : specs) {
            int h = s.kernelH() == 1 && s.inChannels() == 7 ? 1 : 7, w = h == 1 ? 1 : 6, n = 2;
            float[] weights = TestGraphs.random(rnd, s.weightCount(), 1), bias = TestGraphs.random(rnd, s.outChannels(), 1);
            weights[0] = 0f;
            float[] x = TestGraphs.random(rnd, n * s.inChannels() * h * w, 1);
            float[] expected = TestConv.INSTANCE.prepare(s, weights, bias).run(x, n, h, w);
            float[] actual = ReferenceConv.INSTANCE.prepare(s, weights, bias).run(x, n, h, w);
            assertTrue(TestGraphs.maxAbsDiff(expected, actual) < 1e-5, s.toString());
            float[] noBias = ReferenceConv.INSTANCE.prepare(s, weights, null).run(x, n, h, w);
            assertTrue(TestGraphs.maxAbsDiff(TestConv.INSTANCE.prepare(s, weights, null).run(x, n, h, w), noBias) < 1e-5, s.toString());
        }
        assertThrows(UnsupportedOperationException.class, () -> ReferenceConv.INSTANCE.prepareInt8(ConvSpec.dense(1, 1), new byte[1], null));
    }
}
