package org.dlas.tuner.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlas.accel.LayerShape;
import org.dlas.kernels.ConvSpec;
import org.dlas.models.ModelZoo;
import org.junit.jupiter.api.Test;

/** Spaces small enough to enumerate: OptaPlanner must find the exhaustive optimum. */
class SmallSpaceTest {

    static MaeriSpace space(List<Explorer.ModelLayer> ls, String objective, int tileOptions) {
        return new MaeriSpace(ls.stream().map(Explorer.ModelLayer::name).toList(), ls.stream().map(Explorer.ModelLayer::shape).toList(),
                List.of(16, 32, 64), List.of(8, 16), List.of(8, 16), List.of(64, 108), tileOptions, objective, 10.0);
    }

    static List<Explorer.ModelLayer> resnetLayers(String... names) {
        List<String> wanted = List.of(names);
        return Explorer.layers(ModelZoo.trained("resnet")).stream().filter(l -> wanted.contains(l.name())).toList();
    }

    @Test void findsTheExhaustiveOptimumOfCyclesOnTwoLayers() {
        MaeriSpace s = space(resnetLayers("block1.a.conv", "fc"), "cycles", 3);
        ExploreResult r = new Explorer().confirmImages(0).explore("resnet[2 layers]", s, ExploreSpec.maeri("cycles", 10.0, 3, 11), null);
        assertNotNull(r.exhaustiveOptimum());
        assertEquals(r.exhaustiveOptimum().longValue(), r.best().objective(), "optaplanner " + r.best() + " vs exhaustive " + r.exhaustiveDesign());
        assertEquals(0.0, r.gapToExhaustive());
        assertTrue(r.gapToRandom() >= 0);
    }

    @Test void findsTheJointOptimumOfEdpOnOneLayer() {
        MaeriSpace s = space(resnetLayers("block2.b.conv"), "edp", 3);
        assertTrue(s.size() < 2_000_000, "joint enumeration size " + s.size());
        ExploreResult r = new Explorer().confirmImages(0).explore("resnet[1 layer]", s, ExploreSpec.maeri("edp", 10.0, 3, 5), null);
        assertNotNull(r.exhaustiveOptimum(), "edp is enumerated jointly on a small space");
        assertEquals(r.exhaustiveOptimum().longValue(), r.best().objective());
    }

    @Test void decomposedExhaustiveEqualsJointEnumeration() {
        // the per-layer decomposition of the exhaustive baseline is exact for cycles and energy
        for (String objective : List.of("cycles", "energy")) {
            MaeriSpace s = space(resnetLayers("block2.a.conv"), objective, 3);
            Baselines.Point dec = Baselines.exhaustive(s, 0);
            Baselines.Point joint = Baselines.joint(s);
            assertEquals(joint.eval().objective(), dec.eval().objective(), objective);
        }
        // and the Pareto-front combination is exact for EDP (two layers: the joint space is still enumerable)
        MaeriSpace s = new MaeriSpace(List.of("a", "b"), resnetLayers("block2.a.conv", "fc").stream().map(Explorer.ModelLayer::shape).toList(),
                List.of(16, 32), List.of(8), List.of(8, 16), List.of(64), 2, "edp", 10.0);
        assertEquals(Baselines.joint(s).eval().objective(), Baselines.pareto(s).eval().objective());
    }

    @Test void tightAreaBudgetIsRespectedOrReportedInfeasible() {
        // 16 multipliers (the smallest option) cost about 0.6 mm^2 in fp32 with a 64 KiB buffer: 0.9 mm^2 leaves only 16
        LayerShape conv = LayerShape.of(new ConvSpec(8, 8, 3, 3, 1, 1, 1, 1, 1), 1, 8, 8);
        MaeriSpace s = new MaeriSpace(List.of("c"), List.of(conv), List.of(16, 32, 64), List.of(8, 16), List.of(8, 16), List.of(64, 108), 4,
                "cycles", 0.9);
        ExploreResult r = new Explorer().confirmImages(0).explore("conv", s, ExploreSpec.maeri("cycles", 0.9, 2, 3), null);
        if (r.best().feasible()) assertTrue(r.best().areaMm2() <= 0.9, "area " + r.best().areaMm2());
        if (r.exhaustiveOptimum() != null) assertEquals(r.exhaustiveOptimum().longValue(), r.best().objective());
    }
}
