package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A speed guard, not a benchmark: on 64 -> 64 channels, 3x3, 28x28 (a 64 x 576 x 784 GEMM, 29M MACs) every fast
 * primitive must beat the reference loop nest ({@code direct}) measured the same way in the same JVM, so the guard
 * follows the machine's load instead of a fixed bound that no regression could cross.
 */
class GemmSpeedTest {
    /** The fast primitives run at least this many times faster than direct (measured: 7x to 14x on 2 cores). */
    private static final double MIN_SPEEDUP = 3;

    @Test
    void fastPrimitivesBeatTheReferenceLoopNest() {
        ConvSpec spec = conv(64, 64, 3, 3, 1, 1, 1);
        Random rnd = new Random(3);
        float[] w = randomFloats(rnd, spec.weightCount()), x = randomFloats(rnd, 64 * 28 * 28);
        double direct = medianMs(Primitives.create("direct", null).prepare(spec, w, null), x);
        for (String name : new String[] {"gemm", "spatial-pack", "winograd"}) {
            double ms = medianMs(Primitives.create(name, null).prepare(spec, w, null), x);
            System.out.printf("%s 64x576x784: median %.2f ms (%.1f GMAC/s, %d threads), direct %.2f ms: %.1fx%n", name, ms,
                    spec.macs(28, 28) / (ms * 1e6), Parallel.parallelism(), direct, direct / ms);
            assertTrue(direct / ms >= MIN_SPEEDUP, name + " took " + ms + " ms, direct " + direct + " ms: less than " + MIN_SPEEDUP + "x faster");
        }
    }

    private static double medianMs(PreparedConv pc, float[] x) {
        for (int i = 0; i < 15; i++) pc.run(x, 1, 28, 28); // JIT warm-up
        long[] ns = new long[7];
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            pc.run(x, 1, 28, 28);
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        return ns[ns.length / 2] / 1e6;
    }
}
