package org.dlas.accel.sigma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerStats;
import org.dlas.accel.RealModels;
import org.dlas.accel.bench.LayerCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigmaSimulatorTest {

    @ParameterizedTest
    @CsvSource({"2,1", "4,3", "8,5", "16,7", "128,13", "1024,19"})
    void benesHasTwoLog2NMinusOneStagesAndRoutesAnyPermutation(int ports, int stages) {
        BenesNetwork b = new BenesNetwork(ports);
        assertEquals(stages, b.stages());
        assertEquals((long) stages * ports / 2, b.switches());
        assertEquals(stages, new SigmaSimulator(SigmaConfig.of(ports, ports, ports, true)).benes().latency());
        SplittableRandom r = new SplittableRandom(ports);
        for (int trial = 0; trial < 5; trial++) {
            int[] perm = new int[ports];
            for (int i = 0; i < ports; i++) perm[i] = i;
            for (int i = ports - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
            BenesNetwork.Routing routing = b.route(perm);
            assertEquals(stages, routing.stages());
            double[] in = new double[ports];
            for (int i = 0; i < ports; i++) in[i] = 100 + i;
            double[] out = BenesNetwork.apply(routing, in);
            double[] expected = new double[ports];
            for (int i = 0; i < ports; i++) expected[perm[i]] = in[i];
            assertArrayEquals(expected, out);
        }
    }

    /**
     * resnet's block1.a (16 -> 16 channels, 3x3, on 14x14) with its real input, pruned to 0, 50 and 90 %:
     * fewer non-zero weights need fewer folds of 64 multipliers (2304, 1152 and 230 non-zeros) and,
     * below half the multipliers per fold, stream several pixels at once, so the cycles fall.
     */
    @Test
    void cyclesFallMonotonicallyWithSparsity() {
        SigmaSimulator sim = new SigmaSimulator(SigmaConfig.of(64, 64, 64, true));
        long previous = Long.MAX_VALUE;
        for (String variant : new String[] {"resnet/prune0.0", "resnet/prune0.5", "resnet/prune0.9"}) {
            LayerCapture.Captured c = RealModels.layer(variant, 1, "block1.a.conv");
            LayerStats s = sim.run(RealModels.fp32(c)).stats();
            assertTrue(s.cycles() < previous, variant + ": " + s.cycles() + " cycles, not fewer than " + previous);
            previous = s.cycles();
        }
        // dense mode on the same layers computes every zero: no gain
        SigmaSimulator dense = new SigmaSimulator(SigmaConfig.of(64, 64, 64, false));
        long d0 = dense.run(RealModels.fp32(RealModels.layer("resnet/prune0.0", 1, "block1.a.conv"))).stats().cycles();
        long d9 = dense.run(RealModels.fp32(RealModels.layer("resnet/prune0.9", 1, "block1.a.conv"))).stats().cycles();
        assertEquals(d0, d9);
    }

    /**
     * One filter row of 8 weights (1x1 conv 8 -> 1 channels, 4 pixels) on 8 PEs, full bandwidth. Dense: one fold of 8,
     * one pixel per step. With 6 of the 8 weights zero the 2 non-zeros fit 4 times: 4 copies, all pixels in one step.
     */
    @Test
    void sparseWeightsArePackedAndReplicated() {
        org.dlas.kernels.ConvSpec spec = new org.dlas.kernels.ConvSpec(8, 1, 1, 1, 1, 1, 0, 0, 1);
        float[] in = new float[8 * 4];
        for (int i = 0; i < in.length; i++) in[i] = 1 + i;
        float[] w = {1, 0, 0, 2, 0, 0, 0, 0};
        SigmaSimulator sim = new SigmaSimulator(SigmaConfig.of(8, 8, 8, true));
        LayerStats s = sim.run(ConvLayer.fp32(spec, in, 1, 2, 2, w)).stats();
        assertTrue(s.mapping().contains("1 folds") && s.mapping().contains("up to 4 copies"), s.mapping());
        assertEquals(8, s.busy(), "2 non-zero pairs for each of 4 pixels");
        LayerStats d = new SigmaSimulator(SigmaConfig.of(8, 8, 8, false)).run(ConvLayer.fp32(spec, in, 1, 2, 2, w)).stats();
        assertEquals(32, d.busy());
        assertTrue(s.cycles() < d.cycles());
    }
}
