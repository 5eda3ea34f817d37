package org.dlas.tuner.tvm;

import org.dlas.models.ZooFixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real TVM builds of trained zoo models, run through tvm4j and checked against dlas's Java direct
 * kernels on real Fashion-MNIST test images. fp32 tolerance: 1e-4 relative (TVM reorders float
 * sums differently per primitive); int8: the same labels and 1e-5 (integer accumulation is exact,
 * only the float dequantisation may be reassociated by TVM's simplifier).
 */
class CpuTargetTest {
    private static final int IMAGES = 64;
    private static final int BATCH = 8;
    private static final Choice CPU = Choice.of("cpu");
    private static final Choice UNTUNED = Choice.of("untuned");

    @TempDir static Path cache;
    private static TvmCompiler compiler;
    private static CpuTarget cpu;

    @BeforeAll static void setUp() {
        compiler = new TvmCompiler(cache, Duration.ofMinutes(15));
        cpu = new CpuTarget(compiler);
    }

    private static Result run(Graph g, Choice primitive, Choice codegen) throws Exception {
        Dataset images = ZooFixtures.test(IMAGES);
        try (PreparedModel m = cpu.prepare(g, CPU, primitive, codegen, BATCH)) {
            float[] out = m.infer(images.images(), images.size());
            return new Result(out, ZooFixtures.reference(g, images), m.notes(), m.extraMetrics(), g.outputShape().size());
        }
    }

    private record Result(float[] tvm, float[] jvm, String notes, Map<String, Double> metrics, int classes) {
        double deviation() { return ZooFixtures.maxRelativeDeviation(tvm, jvm); }
        void assertSameLabels() { assertArrayEquals(ZooFixtures.labels(jvm, classes), ZooFixtures.labels(tvm, classes)); }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"lenet, direct", "lenet, gemm", "lenet, spatial-pack", "resnet, winograd", "resnet, gemm", "mobilenetv2, spatial-pack",
            "vgg, winograd", "densenet, direct"})
    void fp32BuildsMatchTheJvmReference(String model, String primitive) throws Exception {
        Result r = run(ZooFixtures.fp32(model), Choice.of(primitive), UNTUNED);
        assertTrue(r.deviation() < 1e-4, model + " " + primitive + " deviates " + r.deviation());
        r.assertSameLabels();
    }

    @Test void onX86WinogradAndSpatialPackSayTvmHasNoTemplateAndRunTvmsX86Strategy() throws Exception {
        Result r = run(ZooFixtures.fp32("resnet"), Choice.of("winograd"), UNTUNED);
        assertTrue(r.notes().contains("TVM has no Winograd NCHW conv2d template for x86"), r.notes());
        assertTrue(r.notes().contains("Winograd F(2x2,3x3) takes float 3x3 stride-1"), r.notes());
        CompiledLibrary lib = onlyBuild("winograd");
        assertTrue(lib.implementations().values().stream().anyMatch(i -> i.contains("conv2d_NCHWc")), lib.implementations().toString());
        Result sp = run(ZooFixtures.fp32("lenet"), Choice.of("spatial-pack"), UNTUNED);
        assertTrue(sp.notes().contains("no spatial-pack conv2d template for x86"), sp.notes());
    }

    @Test void theTargetNamesThisCpuAndGemmRunsTvmsX86DenseTemplate() throws Exception {
        String mcpu = HostCpu.llvmName();
        assertTrue(!mcpu.isBlank() && !mcpu.equals("generic"), "LLVM names this CPU '" + mcpu + "'");
        Result r = run(ZooFixtures.fp32("lenet"), Choice.of("gemm"), UNTUNED);
        assertTrue(r.notes().contains("target llvm -mcpu=" + mcpu + " -num-cores "), r.notes());
        CompiledLibrary lib = onlyBuild("gemm");
        assertTrue(lib.result().path("target").asText().contains("-mcpu=" + mcpu), lib.result().toString());
        assertTrue(lib.implementations().values().stream().anyMatch(i -> i.contains("topi.x86.dense_pack")), lib.implementations().toString());
    }

    @Test void aPointCanNameAnotherCpu() throws Exception {
        Choice haswell = new Choice("cpu", Map.of(CpuTarget.MCPU, "haswell", CpuTarget.THREADS, 1));
        Dataset images = ZooFixtures.test(IMAGES);
        Graph lenet = ZooFixtures.fp32("lenet");
        try (PreparedModel m = cpu.prepare(lenet, haswell, Choice.of("direct"), UNTUNED, BATCH)) {
            assertTrue(m.notes().contains("target llvm -mcpu=haswell -num-cores 1"), m.notes());
            float[] out = m.infer(images.images(), images.size());
            double dev = ZooFixtures.maxRelativeDeviation(out, ZooFixtures.reference(lenet, images));
            assertTrue(dev < 1e-4, "deviates " + dev);
        }
    }

    @Test void groupedConvolutionsFallBackToTvmsOwnStrategyWithTheReason() throws Exception {
        Result r = run(ZooFixtures.fp32("mobilenetv2"), Choice.of("gemm"), UNTUNED);
        assertTrue(r.notes().contains("grouped/depthwise convolution"), r.notes());
        assertTrue(r.deviation() < 1e-4, "deviates " + r.deviation());
    }

    @ParameterizedTest
    @CsvSource({"csr", "bsr"})
    void prunedModelsRunTvmsSparseDenseKernels(String primitive) throws Exception {
        Graph pruned = ZooFixtures.compressed("lenet", "prune", Map.of("sparsity", 0.7));
        Result r = run(pruned, Choice.of(primitive), UNTUNED);
        assertTrue(r.deviation() < 1e-4, "deviates " + r.deviation());
        r.assertSameLabels();
        assertTrue(r.notes().contains("conv layers run direct"), r.notes());
    }

    @Test void int8ModelsGiveTheSameLabelsAndNearlyTheSameOutputs() throws Exception {
        Graph int8 = ZooFixtures.compressed("lenet", "int8", Map.of());
        Result r = run(int8, Choice.of("direct"), UNTUNED);
        r.assertSameLabels();
        assertTrue(r.deviation() < 1e-5, "int8 deviates " + r.deviation());
    }

    @Test void aRebuildComesFromTheCacheAndOptLevelIsPartOfTheKey() throws Exception {
        Graph lenet = ZooFixtures.fp32("lenet");
        Choice o3 = new Choice("untuned", Map.of("opt_level", 3));
        Choice o0 = new Choice("untuned", Map.of("opt_level", 0));
        String first = run(lenet, Choice.of("direct"), o3).notes();
        String again = run(lenet, Choice.of("direct"), o3).notes();
        assertTrue(again.contains("(cached)"), again);
        assertEquals(first.replace(" (cached)", ""), again.replace(" (cached)", ""));
        Result level0 = run(lenet, Choice.of("direct"), o0);
        assertNotEquals(buildId(first), buildId(level0.notes()));
        assertTrue(level0.deviation() < 1e-4, "opt_level 0 deviates " + level0.deviation());
    }

    @Test void autoSchedulingWritesTvmRecordsAndKeepsTheNumbers() throws Exception {
        Choice tuned = new Choice("autoscheduled", Map.of("trials", 12, "cost_model", "learned"));
        Result r = run(ZooFixtures.fp32("lenet"), Choice.of("gemm"), tuned);
        assertTrue(r.deviation() < 1e-4, "deviates " + r.deviation());
        assertTrue(r.metrics().get("tuning_s") > 0);
        assertTrue(r.metrics().get("tuning_records") >= 1, r.metrics().toString());
        Path records = cache.resolve(buildId(r.notes())).resolve("tuning");
        // MetaSchedule's JSON database: one [workload index, [trace, run seconds, target, args]] per line
        var lines = Files.readAllLines(records.resolve("database_tuning_record.json"));
        assertEquals(r.metrics().get("tuning_records").intValue(), lines.size());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("[") && l.contains("llvm")), lines.get(0));
        assertTrue(Files.readAllLines(records.resolve("database_workload.json")).size() >= 2, "one workload per tuned kernel");
        assertTrue(Files.size(records.resolve("cost_model.npz")) > 0, "the learned cost model is saved after the search");
        // per kernel the faster of the tuned record and TVM's default schedule, and the faster build as a whole
        var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(records.resolveSibling("result.json").toFile());
        var kernels = result.path("kernels");
        assertTrue(kernels.size() >= 2, result.toString());
        int tunedKept = 0, withRecord = 0;
        for (var k : kernels) {
            String kept = k.path("kept").asText();
            assertTrue(kept.equals("tuned") || kept.equals("default"), k.toString());
            if (k.has("tuned_us")) {
                assertEquals(k.path("tuned_us").asDouble() < k.path("default_us").asDouble(), kept.equals("tuned"), k.toString());
                withRecord++;
            }
            if (kept.equals("tuned")) tunedKept++;
        }
        // the whole model built three ways and timed: the fastest is shipped
        var model = result.path("model_us");
        String fastest = "tuned";
        for (String way : java.util.List.of("tuned", "tuned_all", "untuned")) {
            assertTrue(model.path(way).asDouble() > 0, model.toString());
            if (model.path(way).asDouble() < model.path(fastest).asDouble()) fastest = way;
        }
        assertEquals(fastest, result.path("kept").asText(), result.toString());
        if (fastest.equals("tuned_all")) tunedKept = withRecord;
        assertEquals(tunedKept, result.path("kernels_tuned_kept").asInt());
        assertTrue(r.notes().contains(tunedKept + " of " + kernels.size() + " kernels run the tuned schedule"), r.notes());
    }

    @Test void aFailingBuildIsReportedWithTvmsMessageAndLeavesThisJvmRunning() {
        TvmBuildOptions bad = new TvmBuildOptions("llvm", "no-such-primitive", Map.of(), "untuned", 3, 0, "", 1, 0);
        Exception e = assertThrows(TvmCompiler.TvmBuildException.class, () -> compiler.compile(ZooFixtures.fp32("lenet"), bad));
        assertTrue(e.getMessage().contains("unknown primitive no-such-primitive"), e.getMessage());
    }

    @Test void aCpuLlvmDoesNotKnowFailsTheBuildNamingIt() {
        TvmBuildOptions bad = new TvmBuildOptions(CpuTarget.llvmTarget("no-such-cpu", 1), "direct", Map.of(), "untuned", 3, 0, "", 1, 0);
        Exception e = assertThrows(TvmCompiler.TvmBuildException.class, () -> compiler.compile(ZooFixtures.fp32("lenet"), bad));
        assertTrue(e.getMessage().contains("mcpu 'no-such-cpu' is not a CPU that LLVM 19 knows") && e.getMessage().contains("skylake"),
                e.getMessage());
    }

    private static String buildId(String notes) {
        return notes.substring("TVM build ".length()).split("[ ;]")[0];
    }

    private static CompiledLibrary onlyBuild(String primitive) throws Exception {
        try (var dirs = Files.list(cache)) {
            for (Path d : dirs.toList()) {
                if (!CompiledLibrary.isComplete(d)) continue;
                if (Files.readString(d.resolve("job.json")).contains("\"primitive\":\"" + primitive + "\"")) return CompiledLibrary.load(d, true);
            }
        }
        throw new AssertionError("no build for " + primitive);
    }
}
