package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A speed guard, not a benchmark: 64 -> 64 channels, 3x3, 28x28 (a 64 x 576 x 784 GEMM, 29M MACs)
 * must run in milliseconds. The bound is loose because the build machine is shared.
 */
class GemmSpeedTest {
    @Test
    void conv64x576x784RunsInMilliseconds() {
        ConvSpec spec = conv(64, 64, 3, 3, 1, 1, 1);
        Random rnd = new Random(3);
        float[] w = randomFloats(rnd, spec.weightCount()), x = randomFloats(rnd, 64 * 28 * 28);
        for (String name : new String[] {"gemm", "spatial-pack", "winograd"}) {
            PreparedConv pc = Primitives.create(name, null).prepare(spec, w, null);
            for (int i = 0; i < 15; i++) pc.run(x, 1, 28, 28); // JIT warm-up
            long[] ns = new long[7];
            for (int i = 0; i < ns.length; i++) {
                long t0 = System.nanoTime();
                pc.run(x, 1, 28, 28);
                ns[i] = System.nanoTime() - t0;
            }
            Arrays.sort(ns);
            double ms = ns[ns.length / 2] / 1e6;
            System.out.printf("%s 64x576x784: median %.2f ms (%.1f GMAC/s, %d threads)%n", name, ms,
                    spec.macs(28, 28) / (ms * 1e6), Parallel.parallelism());
            assertTrue(ms < 250, name + " took " + ms + " ms");
        }
    }
}
