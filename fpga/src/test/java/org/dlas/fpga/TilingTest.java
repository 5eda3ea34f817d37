package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.dlas.fpga.sim.SimConfig;
import org.dlas.fpga.sim.SimResult;
import org.dlas.fpga.sim.WorkerPool;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConvInt8;
import org.junit.jupiter.api.Test;

/** The driver's tiling on shapes that do not divide the array or the buffers. */
class TilingTest {
    // 8x8 array / 8 lanes, 256-byte buffers (64 int32 accumulators)
    static final DesignConfig SA8 = DesignConfig.sa(8, 8, 0.25, 4);
    static final DesignConfig VM8 = DesignConfig.vm(8, 4, 0.25, 4);

    @Test void planForTenChannelsOfSeventyFiveTaps() {
        // K=10 output channels, C*R*S = 3*5*5 = 75, 16 output pixels
        for (DesignConfig d : List.of(SA8, VM8)) {
            TilePlan p = TilePlan.of(d.sim(1), 10, 16, 75);
            // m0 = n0 = 8 (sa) / m0 = 8, n0 = 1 (vm); kt = min(75, 256/8, 256/n0) = 32
            assertEquals(32, p.kt(), d.label());
            assertEquals(8, p.mt(), d.label());   // min(10, 256/32, 64/n0) = 8
            assertEquals(8, p.nt(), d.label());   // min(16, 256/32, 64/8) = 8
            assertEquals(2, p.mTiles());
            assertEquals(2, p.nTiles());
            assertEquals(3, p.kTiles());          // 32 + 32 + 11
            assertEquals(12, p.computes());
        }
    }

    @Test void planKeepsWholeReductionWhenItFits() {
        TilePlan p = TilePlan.of(DesignConfig.sa(8, 8, 16, 4).sim(1), 16, 100, 200);
        assertEquals(200, p.kt());
        assertEquals(16, p.mt());               // 16384/200 = 81 -> min(16, 81) = 16, a multiple of 8
        assertEquals(80, p.nt());               // min(100, 16384/200 = 81, 4096/16 = 256) = 81 -> 80 (multiple of 8)
        assertEquals(2, p.nTiles());
        assertEquals(2, p.computes());
    }

    @Test void planWithTinyOutputBuffer() {
        // 16-byte buffers: 4 accumulators, so the 8x8 block shrinks to 8 x 0 -> 4 x 1
        TilePlan p = TilePlan.of(DesignConfig.sa(8, 8, 16 / 1024.0, 4).sim(1), 10, 9, 7);
        assertTrue(p.mt() * p.nt() <= 4, p.toString());
        assertTrue(p.mt() * p.kt() <= 16 && p.kt() * p.nt() <= 16, p.toString());
    }

    @Test void convOnTileEdgesIsExactWithHandCountedTiles() {
        WorkerPool pool = Natives.pool();
        Random r = new Random(7);
        ConvSpec spec = new ConvSpec(3, 10, 5, 5, 1, 1, 0, 0, 1);   // 8x8 image -> 4x4 = 16 pixels
        byte[] w = Reference.bytes(r, spec.weightCount());
        int[] bias = Reference.ints(r, 10, 5000);
        byte[] in = Reference.bytes(r, 2 * 3 * 8 * 8);
        int[] expected = Reference.conv(spec, w, bias, in, 2, 8, 8, -3);
        for (DesignConfig d : List.of(SA8, VM8)) {
            SimAccumulator acc = new SimAccumulator();
            PreparedConvInt8 layer = new FpgaConvPrimitive(d, pool, acc).prepareInt8(spec, w, bias);
            assertArrayEquals(expected, layer.run(in, 2, 8, 8, -3), d.label());
            SimAccumulator.Snapshot s = acc.snapshot();
            assertEquals(2, s.jobs(), "one job per image");
            assertEquals(2 * 12, s.stats().computes(), "12 COMPUTE tiles per image");
            // per image: 2 LOAD_B, 12 LOAD_W, 12 LOAD_X, 12 COMPUTE, 4 STORE, END
            assertEquals(2 * 43, s.stats().instructions());
            // every tile is at most 8 x 8: one array pass (sa) / one lane group (vm) each
            assertEquals(2 * 12, s.stats().passes());
            assertEquals(2L * 10 * 16 * 75, s.stats().macs());
            assertEquals(2L * 10 * 16 * 4, s.stats().dmaOutBytes());
        }
    }

    @Test void gemmProgramCountsMatchThePlan() {
        Random r = new Random(3);
        int m = 10, n = 16, k = 75;
        byte[] w = Reference.bytes(r, m * k), x = Reference.bytes(r, k * n);
        int[] bias = Reference.ints(r, m, 1000);
        GemmDriver.Program p = GemmDriver.gemmProgram(SA8.sim(1), m, n, k, w, x, bias, 5);
        assertEquals(12, p.counts().weightLoads);  // the reduction is split, so weights reload per column block
        assertEquals(12, p.counts().inputLoads);
        assertEquals(2, p.counts().biasLoads);
        assertEquals(12, p.counts().computes);
        assertEquals(4, p.counts().stores);
        SimResult res = Natives.pool().run(p.config(), p.bytes());
        assertArrayEquals(Reference.gemm(m, n, k, w, x, bias, 5), p.unpack(res.results()));
        assertEquals(p.bytes().length, res.stats().dmaInBytes());
        assertEquals(12, res.stats().computes());
    }

    @Test void weightsStayResidentWhenTheReductionFits() {
        Random r = new Random(4);
        int m = 20, n = 50, k = 9;
        byte[] w = Reference.bytes(r, m * k), x = Reference.bytes(r, k * n);
        GemmDriver.Program p = GemmDriver.gemmProgram(SA8.sim(1), m, n, k, w, x, null, 0);
        // kt = 9, mt = min(20, 256/9 = 28, 64/8 = 8) = 8, nt = min(50, 28, 64/8) = 8
        assertEquals(new TilePlan(20, 50, 9, 8, 8, 9), p.plan());
        assertEquals(3, p.counts().weightLoads);   // one per row block
        assertEquals(3 * 7, p.counts().inputLoads);
        assertEquals(0, p.counts().biasLoads);
        assertArrayEquals(Reference.gemm(m, n, k, w, x, null, 0), p.unpack(Natives.pool().run(p.config(), p.bytes()).results()));
    }

    @Test void otherLayerShapesAreExact() {
        WorkerPool pool = Natives.pool();
        Random r = new Random(11);
        record Case(ConvSpec spec, int h, int w) { }
        List<Case> cases = List.of(
                new Case(new ConvSpec(4, 6, 3, 3, 2, 2, 1, 1, 1), 9, 7),      // stride 2, padding, odd image
                new Case(new ConvSpec(6, 4, 3, 3, 1, 1, 1, 1, 2), 5, 5),      // grouped
                new Case(new ConvSpec(5, 5, 3, 3, 1, 1, 1, 1, 5), 6, 6),      // depthwise
                new Case(new ConvSpec(7, 9, 1, 1, 1, 1, 0, 0, 1), 3, 5),      // 1x1
                new Case(ConvSpec.dense(75, 10), 1, 1),                       // dense
                new Case(new ConvSpec(3, 5, 2, 4, 1, 3, 0, 2, 1), 6, 9));     // rectangular kernel, unequal strides
        List<DesignConfig> designs = List.of(SA8, VM8, DesignConfig.sa(3, 5, 0.0625, 1), DesignConfig.vm(3, 2, 0.125, 8),
                DesignConfig.sa(16, 16, 16, 8), DesignConfig.vm(16, 4, 16, 4));
        for (Case c : cases) {
            byte[] w = Reference.bytes(r, c.spec().weightCount());
            int[] bias = Reference.ints(r, c.spec().outChannels(), 100_000);
            byte[] in = Reference.bytes(r, 2 * c.spec().inChannels() * c.h() * c.w());
            int zp = r.nextInt(256) - 128;
            int[] expected = Reference.conv(c.spec(), w, bias, in, 2, c.h(), c.w(), zp);
            for (DesignConfig d : designs) {
                int[] got = new FpgaConvPrimitive(d, pool, new SimAccumulator()).prepareInt8(c.spec(), w, bias).run(in, 2, c.h(), c.w(), zp);
                assertArrayEquals(expected, got, c + " on " + d.label());
            }
        }
    }
}
