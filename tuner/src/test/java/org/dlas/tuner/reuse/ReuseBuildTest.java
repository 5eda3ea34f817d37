package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.tuner.tvm.CpuTarget;
import org.dlas.tuner.tvm.TvmModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Dataset images = TvmModels.test(IMAGES);
        float[] tvm = m.infer(images.images(), images.size());
        float[] jvm = TvmModels.reference(g, images);
        double dev = TvmModels.maxRelativeDeviation(tvm, jvm);
        assertTrue(dev < 1e-4, "deviates " + dev);
        int classes = g.outputShape().size();
        assertArrayEquals(TvmModels.labels(jvm, classes), TvmModels.labels(tvm, classes));
    }

    @Test void aReuseBuildGivesTheJvmReferencesNumbers() throws Exception {
        Graph lenet = TvmModels.fp32("lenet");
        TuningDatabase db = ReuseFixture.lenetDatabase();
        try (PreparedModel m = prepare(lenet, db.dir().toString())) {
            assertMatchesReference(lenet, m);
            assertTrue(m.extraMetrics().get("reuse_exact") >= 2, m.extraMetrics().toString());
            assertTrue(m.notes().contains("schedules from [lenet]: exact "), m.notes());
        }
    }

    @Test void failedReplaysFallBackToTvmsDefaultAndAreCounted(@TempDir Path dir) throws Exception {
        TuningDatabase db = ReuseFixture.lenetDatabase();
        Path broken = dir.resolve("lenet-broken");
        breakSplitFactors(db.dir(), broken);
        Graph lenet = TvmModels.fp32("lenet");
        try (PreparedModel m = prepare(lenet, broken.toString())) {
            assertMatchesReference(lenet, m);
        }
        ReuseReport r = ReuseReport.of(new ReuseBuilds(ReuseFixture.compiler(), "direct").reuse(lenet, List.of(TuningDatabase.read(broken))));
        assertTrue(r.replayFailures() > 0, r.summary());
        for (KernelReuse k : r.kernels()) {
            if (k.operatorClass().startsWith("conv2d") || k.operatorClass().startsWith("T_matmul")) {
                assertEquals(ReuseRule.NONE, k.rule(), k.toString());
                assertTrue(k.failures().stream().allMatch(f -> f.contains("sampled decisions changed")), k.toString());
            }
        }
        assertEquals(r.replayFailures(), r.kernels().stream().mapToInt(k -> k.failures().size()).sum());
    }

    /**
     * A copy of a database whose tile sizes (SamplePerfectTile decisions, lists of two or more
     * factors) are multiplied by 7 in the first factor, so that they no longer divide any loop.
     */
    static void breakSplitFactors(Path from, Path to) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Files.createDirectories(to);
        Files.copy(from.resolve(TuningDatabase.WORKLOADS), to.resolve(TuningDatabase.WORKLOADS));
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(from.resolve(TuningDatabase.RECORDS))) {
            if (line.isBlank()) continue;
            JsonNode record = json.readTree(line);
            JsonNode decisions = record.get(1).get(0).get(1);
            for (JsonNode d : decisions) {
                JsonNode value = d.get(1);
                if (value.isArray() && value.size() >= 2 && allInts(value)) ((ArrayNode) value).set(0, IntNode.valueOf(value.get(0).asInt() * 7));
            }
            out.add(json.writeValueAsString(record));
        }
        Files.write(to.resolve(TuningDatabase.RECORDS), out);
    }

    private static boolean allInts(JsonNode a) {
        for (JsonNode v : a) if (!v.isInt()) return false;
        return true;
    }
}
