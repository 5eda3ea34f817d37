package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.dlas.models.ModelZoo;
import org.dlas.tuner.tvm.TvmModels;
import org.junit.jupiter.api.Test;

/**
 * The matching rule on known pairs: lenet against its own database (same workloads: exact), and
 * vgg (3x3 convolutions, other channel counts and sizes) against lenet's (5x5): closest, with the
 * documented distance, and never across operator classes.
 */
class KernelMatchingTest {

    @Test void lenetAgainstItsOwnDatabaseMatchesEveryTunedKernelExactly() throws Exception {
        TuningDatabase db = ReuseFixture.lenetDatabase();
        ReuseReport r = ReuseReport.of(new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(TvmModels.fp32("lenet"), List.of(db)));
        assertEquals(db.tunedWorkloads(), r.count(ReuseRule.EXACT), r.kernels().toString());
        assertEquals(0, r.count(ReuseRule.CLOSEST), r.kernels().toString());
        for (KernelReuse k : r.kernels()) {
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
        ReuseReport r = ReuseReport.of(new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(ModelZoo.architecture("vgg", 1), List.of(db)));
        assertEquals(0, r.count(ReuseRule.EXACT), "vgg shares no layer shape with lenet: " + r.kernels());
        int tried = 0;
        for (KernelReuse k : r.kernels()) {
            if (k.donorKernel() == null) continue;
            tried++;
            String[] donor = k.donorKernel().split(" ");
            // a conv borrows from a conv, a dense from a dense: never across classes
            assertEquals(k.operatorClass(), donor[0], k.toString());
            List<Integer> donorExtents = Arrays.stream(donor[1].split("x")).map(Integer::valueOf).toList();
            assertEquals(distance(k.extents(), donorExtents), k.distance(), 1e-9, k.toString());
            assertTrue(k.distance() > 0, k.toString());
        }
        // every kernel either borrowed or tried a same-class candidate, or had none of its class in lenet
        for (KernelReuse k : r.kernels()) {
            if (k.rule() == ReuseRule.NONE) {
                assertTrue(k.failures().stream().allMatch(f -> f.startsWith("lenet " + k.operatorClass() + " ")), k.toString());
            }
        }
        long convTried = r.kernels().stream().filter(k -> k.operatorClass().startsWith("conv2d") && (k.donor() != null || k.replayFailures() > 0)).count();
        assertTrue(convTried > 0, "vgg's convolutions had lenet's as candidates: " + r.kernels());
        assertTrue(tried + r.replayFailures() > 0, r.summary());
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
