package org.dlas.accel.maeri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerResult;
import org.dlas.accel.LayerShape;
import org.dlas.accel.LayerStats;
import org.dlas.accel.TestLayers;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.kernels.ConvSpec;
import org.junit.jupiter.api.Test;

class MaeriSimulatorTest {

    private static final MaeriConfig CFG_64 = new MaeriConfig(64, 16, 4, 1024, 1e6, 200, null);

    /** 1x1 conv 16 -> 16 channels on an 8x8 image. */
    private static ConvLayer pointwise() {
        ConvSpec spec = new ConvSpec(16, 16, 1, 1, 1, 1, 0, 0, 1);
        return ConvLayer.fp32(spec, TestLayers.random(16 * 64, 1), 1, 8, 8, TestLayers.random(spec.weightCount(), 2));
    }

    /**
     * T_C=16, T_K=4 fills all 64 switches with 4 VNs of 16. Each step needs the 16 channels of one pixel
     * (one copy each, multicast to the 4 VNs): 1 cycle at dn_bw=16; it makes 4 results: 1 cycle at
     * rn_bw=4. So in steady state every switch is busy every cycle. Per weight tile (4 of them, one per 4
     * filters): 64 weights in 4 cycles, the first pixel right behind them through the 6 tree levels,
     * then 64 steps: the last fire of tile i is at cycle 73*i; the last results leave the 6-level ART
     * 1 + 6 cycles after the last fire and take 1 write cycle: 4*73 + 8 = 300 cycles for 16384 MACs.
     */
    @Test
    void aFullyUtilisedMappingKeepsEveryMultiplierBusyInSteadyState() {
        MaeriMapping m = new MaeriMapping(1, 1, 16, 4, 1, 1, 1, 1);
        LayerStats s = new MaeriSimulator(CFG_64).run(pointwise(), m).stats();
        assertEquals(1.0, s.steadyUtilisation(), 0.0);
        assertEquals(4 * 64, s.steadyCycles());
        assertEquals(300, s.computeCycles());
        assertEquals(16384, s.busy());
        assertEquals(16384.0 / (64 * 300), s.utilisation(), 1e-12);
        assertEquals(300, MaeriAnalytical.computeCycles(CFG_64, s.shape(), m), "analytical exact on a uniform mapping");
        // with only 8 elements per cycle the distribution tree halves the throughput
        LayerStats slow = new MaeriSimulator(new MaeriConfig(64, 8, 4, 1024, 1e6, 200, null)).run(pointwise(), m).stats();
        assertEquals(0.5, slow.steadyUtilisation(), 0.02);
    }

    @Test
    void anInvalidMappingIsRejectedNamingTheBrokenConstraint() {
        MaeriSimulator sim = new MaeriSimulator(CFG_64);
        InvalidInputException tooBig = assertThrows(InvalidInputException.class,
                () -> sim.run(pointwise(), new MaeriMapping(1, 1, 16, 8, 1, 1, 1, 1)));
        assertEquals(ErrorKind.OUT_OF_RANGE, tooBig.kind());
        assertTrue(tooBig.getMessage().contains("= 128 exceeds the 64 multipliers"), tooBig.getMessage());
        InvalidInputException kernel = assertThrows(InvalidInputException.class,
                () -> sim.run(pointwise(), new MaeriMapping(3, 1, 1, 1, 1, 1, 1, 1)));
        assertEquals(ErrorKind.OUT_OF_RANGE, kernel.kind());
        assertTrue(kernel.getMessage().contains("T_R=3 exceeds the layer's R (kernel rows)=1"), kernel.getMessage());
        InvalidInputException zero = assertThrows(InvalidInputException.class,
                () -> sim.run(pointwise(), new MaeriMapping(1, 1, 0, 1, 1, 1, 1, 1)));
        assertEquals(ErrorKind.OUT_OF_RANGE, zero.kind());
        assertTrue(zero.getMessage().contains("T_C must be >= 1"), zero.getMessage());
        InvalidInputException batch = assertThrows(InvalidInputException.class,
                () -> sim.run(pointwise(), new MaeriMapping(1, 1, 1, 1, 1, 2, 1, 1)));
        assertEquals(ErrorKind.OUT_OF_RANGE, batch.kind());
        assertTrue(batch.getMessage().contains("T_N=2 exceeds the layer's N (batch)=1"), batch.getMessage());
    }

    @Test
    void theAutomaticMappingIsValidAndBeatsANaiveOne() {
        ConvSpec spec = new ConvSpec(16, 32, 3, 3, 1, 1, 1, 1, 1);
        LayerShape shape = LayerShape.of(spec, 1, 14, 14);
        MaeriSimulator sim = new MaeriSimulator(CFG_64);
        MaeriMapping auto = sim.mapping(shape);
        auto.validate(shape, 64);
        MaeriMapping naive = new MaeriMapping(1, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(MaeriAnalytical.computeCycles(CFG_64, shape, auto) * 10 < MaeriAnalytical.computeCycles(CFG_64, shape, naive));
    }

    /**
     * One 3x3 filter over a 6x6 image (4x4 outputs), one VN of 9 switches. With T_Y'=1 the window slides by
     * one column per step and the forwarding links pass 6 of its 9 inputs to the neighbouring switch: per
     * output row 9 + 3 + 3 + 3 = 18 deliveries, 72 in all, plus the 9 weights. With T_Y'=2 two adjacent
     * windows share 6 inputs by multicast (12 distinct per step): 2 steps per row, 24 per row, 96 - except
     * that at the start of rows 2 to 4 the switches of taps (0,2) and (1,2) of both windows find their input
     * in their right-hand neighbour (tap (r+1,0) of the same window, two columns on, one row up): 4 forwards
     * per row start, 12 in all; in window 1 those inputs (column 2) are multicast to its taps (r,1) anyway,
     * in window 2 (column 3) they are not needed elsewhere, so 6 deliveries are saved: 90.
     */
    @Test
    void forwardingLinksCutDistributionTraffic() {
        ConvSpec spec = new ConvSpec(1, 1, 3, 3, 1, 1, 0, 0, 1);
        ConvLayer layer = ConvLayer.fp32(spec, TestLayers.random(36, 3), 1, 6, 6, TestLayers.random(9, 4));
        MaeriSimulator sim = new MaeriSimulator(new MaeriConfig(32, 16, 4, 1024, 1e6, 200, null));
        LayerStats slide = sim.run(layer, new MaeriMapping(3, 3, 1, 1, 1, 1, 1, 1)).stats();
        assertEquals((72 + 9) * 4, slide.actions().bufferReadBytes());
        assertEquals(4 * 3 * 6 * 4, slide.actions().registerHopBytes(), "6 of 9 inputs (4 bytes each) forwarded on 3 of 4 steps of each of the 4 rows");
        LayerStats pair = sim.run(layer, new MaeriMapping(3, 3, 1, 1, 1, 1, 1, 2)).stats();
        assertEquals((90 + 9) * 4, pair.actions().bufferReadBytes());
        assertEquals(12 * 4, pair.actions().registerHopBytes());
    }

    @Test
    void computesTheReferenceAndGainsNothingFromZeros() {
        ConvSpec spec = new ConvSpec(6, 10, 3, 3, 2, 2, 1, 1, 2); // grouped, strided, padded
        float[] in = TestLayers.random(2 * 6 * 9 * 9, 5), w = TestLayers.random(spec.weightCount(), 6);
        ConvLayer layer = ConvLayer.fp32(spec, in, 2, 9, 9, w);
        MaeriSimulator sim = new MaeriSimulator(CFG_64);
        float[] ref = TestLayers.reference(spec, w, in, 2, 9, 9);
        for (MaeriMapping m : new MaeriMapping[] {sim.mapping(layer.shape()), new MaeriMapping(2, 3, 2, 1, 1, 2, 1, 2),
                new MaeriMapping(1, 1, 3, 2, 2, 1, 2, 2)}) {
            LayerResult r = sim.run(layer, m);
            for (int i = 0; i < ref.length; i++) assertEquals(ref[i], r.outputs()[i], 1e-5, m + " output " + i);
        }
        float[] pruned = w.clone();
        for (int i = 0; i < pruned.length; i += 2) pruned[i] = 0;
        long dense = sim.run(layer).stats().cycles();
        long sparse = sim.run(ConvLayer.fp32(spec, in, 2, 9, 9, pruned)).stats().cycles();
        assertEquals(dense, sparse, "MAERI multiplies zeros like any value");
    }

    @Test
    void int8IsExact() {
        ConvSpec spec = new ConvSpec(4, 6, 3, 3, 1, 1, 1, 1, 1);
        byte[] in = TestLayers.randomBytes(4 * 7 * 7, 8), w = TestLayers.randomBytes(spec.weightCount(), 9);
        int zp = -5;
        LayerResult r = new MaeriSimulator(CFG_64).run(ConvLayer.int8(spec, in, 1, 7, 7, zp, w));
        int[] ref = org.dlas.kernels.Primitives.create("direct", java.util.Map.of()).prepareInt8(spec, w, null).run(in, 1, 7, 7, zp);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], (int) (long) r.outputs()[i], "output " + i);
    }
}
