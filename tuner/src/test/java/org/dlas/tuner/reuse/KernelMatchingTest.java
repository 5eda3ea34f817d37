package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.dlas.models.ModelZoo;
import org.dlas.models.ZooFixtures;
import org.junit.jupiter.api.Test;

/**
 * The matching rule on known pairs: lenet against its own database (same workloads: exact), and
 * vgg (3x3 convolutions, other channel counts and sizes) against lenet's (5x5): closest, with the
 * documented distance, and never across operator classes.
 */
class KernelMatchingTest {

    @Test void lenetAgainstItsOwnDatabaseMatchesEveryTunedKernelExactly() throws Exception {
        TuningDatabase db = ReuseFixture.lenetDatabase();
        ReuseReport r = ReuseReport.of(new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(ZooFixtures.fp32("lenet"), List.of(db)));
        assertEquals(db.tunedWorkloads(), r.count(ReuseRule.EXACT), r.kernels().toString());
        for (KernelReuse k : r.kernels()) {
            // a kernel the few trials did not reach borrows from a tuned one of its class, never at distance 0
            if (k.rule() == ReuseRule.CLOSEST) assertTrue(k.distance() > 0, k.toString());
            if (k.rule() == ReuseRule.EXACT) {
                assertEquals(0.0, k.distance());
                assertEquals(k.operatorClass() + " " + join(k.extents()), k.donorKernel());
                assertEquals(0, k.replayFailures(), k.failures().toString());
            }
        }
        assertTrue(r.kernels().stream().anyMatch(k -> k.rule() == ReuseRule.EXACT && k.operatorClass().startsWith("conv2d")), r.kernels().toString());
    }

    @Test void otherShapesGetTheClosestKernelOfTheSameOperatorClass() throws Exception {
        TuningDatabase db = ReuseFixture.lenetDatabase();
        ReuseReport r = ReuseReport.of(new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(ZooFixtures.fp32("vgg"), List.of(db)));
        for (KernelReuse k : r.kernels()) {
            // every candidate tried (the one that replayed and the ones that failed) is of the kernel's own class:
            // a conv never borrows from a dense, nor a dense from a pool
            if (k.donorKernel() != null) assertEquals(k.operatorClass(), k.donorKernel().split(" ")[0], k.toString());
            for (String f : k.failures()) assertTrue(f.startsWith("lenet " + k.operatorClass() + " "), k.toString());
            if (k.rule() == ReuseRule.EXACT) {
                assertEquals(k.operatorClass() + " " + String.join("x", k.extents().stream().map(String::valueOf).toList()), k.donorKernel());
            }
            if (k.rule() == ReuseRule.CLOSEST) {
                List<Integer> donorExtents = Arrays.stream(k.donorKernel().split(" ")[1].split("x")).map(Integer::valueOf).toList();
                assertEquals(distance(k.extents(), donorExtents), k.distance(), 1e-9, k.toString());
                assertTrue(k.distance() > 0, k.toString());
            }
        }
        // vgg's pools are lenet's pools at other sizes. On x86 they run in TVM's NCHWc layout
        // [n, C/c, h, w, c, kh, kw]: vgg's 7x7 pool on 16 channels borrows from lenet's 14x14 pool on
        // 8 channels at distance 2 ln(14/7) + ln(16/8) = 3 ln 2
        KernelReuse pool = r.kernels().stream().filter(k -> k.rule() == ReuseRule.CLOSEST && k.operatorClass().equals("pool_max")
                && k.extents().equals(List.of(1, 1, 7, 7, 16, 2, 2))).findFirst().orElseThrow(() -> new AssertionError(r.kernels().toString()));
        assertEquals(3 * Math.log(2.0), pool.distance(), 1e-9);
        assertEquals("pool_max 1x1x14x14x8x2x2", pool.donorKernel());
        assertTrue(r.count(ReuseRule.CLOSEST) >= 2, r.summary());
    }

    /** The documented distance: sum over loops of |ln(extent_new / extent_donor)|. */
    static double distance(List<Integer> a, List<Integer> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) d += Math.abs(Math.log((double) a.get(i) / b.get(i)));
        return d;
    }

    private static String join(List<Integer> extents) {
        return String.join("x", extents.stream().map(String::valueOf).toList());
    }
}
