package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.tuner.tvm.CpuTarget;
import org.dlas.models.ZooFixtures;
import org.junit.jupiter.api.Test;

/**
 * Reuse builds through the sweep path ({@code hardware: cpu, codegen: {reuse: {from: ...}}}) give
 * the jvm reference's numbers on real test images, also when replays fail and kernels fall back.
 */
class ReuseBuildTest {
    private static final int IMAGES = 32;

    private static PreparedModel prepare(Graph g, String from) throws Exception {
        CpuTarget cpu = new CpuTarget(ReuseFixture.compiler());
        return cpu.prepare(g, Choice.of("cpu"), Choice.of("direct"), new Choice("reuse", Map.of("from", from, "opt_level", 3)), 1);
    }

    private static void assertMatchesReference(Graph g, PreparedModel m) throws Exception {
        Dataset images = ZooFixtures.test(IMAGES);
        float[] tvm = m.infer(images.images(), images.size());
        float[] jvm = ZooFixtures.reference(g, images);
        double dev = ZooFixtures.maxRelativeDeviation(tvm, jvm);
        assertTrue(dev < 1e-4, "deviates " + dev);
        int classes = g.outputShape().size();
        assertArrayEquals(ZooFixtures.labels(jvm, classes), ZooFixtures.labels(tvm, classes));
    }

    @Test void aReuseBuildGivesTheJvmReferencesNumbers() throws Exception {
        Graph lenet = ZooFixtures.fp32("lenet");
        TuningDatabase db = ReuseFixture.lenetDatabase();
        try (PreparedModel m = prepare(lenet, db.dir().toString())) {
            assertMatchesReference(lenet, m);
            assertTrue(m.extraMetrics().get("reuse_exact") >= 2, m.extraMetrics().toString());
            assertTrue(m.notes().contains("schedules from [lenet]: exact "), m.notes());
        }
    }

    /**
     * vgg's 3x3 convolutions against lenet's 5x5 ones: every lenet conv trace splits the 5-tap
     * reduction loops, a split that cannot be kept on 3 taps, so every replay fails; the failures
     * are counted, the kernels keep TVM's default schedule, and the build still computes vgg.
     */
    @Test void failedReplaysFallBackToTvmsDefaultAndAreCounted() throws Exception {
        TuningDatabase db = ReuseFixture.lenetDatabase();
        Graph vgg = ZooFixtures.fp32("vgg");
        try (PreparedModel m = prepare(vgg, db.dir().toString())) {
            assertMatchesReference(vgg, m);
            assertTrue(m.extraMetrics().get("reuse_replay_failures") > 0, m.extraMetrics().toString());
        }
        ReuseReport r = ReuseReport.of(new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(vgg, List.of(db)));
        // conv2d_NCHWc on x86 (TVM's x86 strategy), conv2d_nchw elsewhere
        List<KernelReuse> convs = r.kernels().stream().filter(k -> k.operatorClass().startsWith("conv2d")).toList();
        assertEquals(5, convs.size(), r.kernels().toString());
        for (KernelReuse k : convs) {
            assertEquals(ReuseRule.NONE, k.rule(), k.toString());
            assertTrue(k.replayFailures() >= 1 && k.failures().stream().anyMatch(f -> f.contains("sampled decisions changed")), k.toString());
        }
        assertEquals(r.replayFailures(), r.kernels().stream().mapToInt(k -> k.failures().size()).sum());
    }
}
