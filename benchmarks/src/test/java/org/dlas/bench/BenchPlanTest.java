package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.kernels.Primitives;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class BenchPlanTest {

    private static List<String> paramValues(String field) throws NoSuchFieldException {
        return Arrays.asList(ConvKernelBenchmark.class.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void jmhParamListsMatchTheRegistries() throws Exception {
        assertEquals(Primitives.names(), paramValues("primitive"));
        assertEquals(Layers.names(), paramValues("layer"));
        assertEquals(BenchCase.PRECISIONS, paramValues("precision"));
        assertEquals(List.of("0", "0.5", "0.7", "0.8", "0.9", "0.95"), paramValues("sparsity"));
        assertEquals(Profile.DEFAULT.sparsities.stream().map(BenchCase::formatSparsity).toList(), paramValues("sparsity"));
    }

    @Test
    void layerMacsMatchTheirNames() {
        assertEquals(32L * 14 * 14 * 16 * 9, Layers.get("conv3x3_16to32_14x14").macs(1));
        assertEquals(32L * 14 * 14 * 16 * 9, Layers.get("conv3x3_s2_16to32_28x28").macs(1)); // stride 2: 28 -> 14
        assertEquals(64L * 49 * 32, Layers.get("conv1x1_32to64_7x7").macs(1));
        assertEquals(32L * 14 * 14 * 9, Layers.get("dw3x3_32_14x14").macs(1));
        assertEquals(512L * 10, Layers.get("dense_512to10").macs(1));
        assertEquals(64L * 56 * 56 * 64 * 9 * 2, Layers.get("conv3x3_64to64_56x56").macs(2));
        assertTrue(Layers.get("dw3x3_32_14x14").spec().depthwise());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Layers.get("nope")).kind());
    }

    @Test
    void inapplicablePairsAreLeftOutAndListed() {
        BenchCase.Plan plan = BenchCase.plan(Profile.DEFAULT, null);
        Set<String> winogradLayers = plan.cases().stream().filter(c -> c.primitive().equals("winograd"))
                .map(BenchCase::layer).collect(Collectors.toSet());
        assertEquals(Set.of("conv3x3_1to16_28x28", "conv3x3_16to32_14x14", "conv3x3_32to64_7x7", "conv3x3_64to64_56x56"), winogradLayers);
        Set<String> skipped = plan.skipped().stream().map(s -> s.primitive() + "/" + s.layer()).collect(Collectors.toSet());
        assertEquals(Set.of("winograd/conv3x3_s2_16to32_28x28", "winograd/conv1x1_32to64_7x7", "winograd/dw3x3_32_14x14",
                "winograd/dense_1568to128", "winograd/dense_512to10"), skipped);
        for (BenchCase c : plan.cases()) {
            assertTrue(ConvKernelBenchmark.notApplicable(c.primitive(), c.layer()).isEmpty(), c.id());
        }
    }

    @Test
    void denseKernelsRunAtSparsityZeroUnlessFull() {
        BenchCase.Plan def = BenchCase.plan(Profile.DEFAULT, null);
        assertTrue(def.cases().stream().filter(c -> !Primitives.isSparse(c.primitive())).allMatch(c -> c.sparsity() == 0.0));
        // 31 applicable dense (primitive, layer) pairs x 2 precisions + 2 sparse x 9 layers x 2 x 6 sparsities.
        assertEquals(31 * 2 + 2 * 9 * 2 * 6, def.cases().size());
        BenchCase.Plan full = BenchCase.plan(Profile.FULL, null);
        assertEquals((31 + 18) * 2 * 6, full.cases().size());
        assertEquals(full.cases().size(), full.cases().stream().map(BenchCase::id).distinct().count());
    }

    @Test
    void quickIsASmallSubsetThatStillHasCrossovers() {
        BenchCase.Plan quick = BenchCase.plan(Profile.QUICK, null);
        assertTrue(quick.cases().size() <= 70, "quick has " + quick.cases().size() + " cases");
        assertTrue(quick.cases().stream().anyMatch(c -> c.primitive().equals("gemm") && c.sparsity() == 0));
        assertTrue(quick.cases().stream().anyMatch(c -> c.primitive().equals("csr") && c.sparsity() == 0.9));
        assertTrue(Profile.QUICK.estimateSeconds(quick.cases().size()) < 180);
        assertTrue(Profile.DEFAULT.estimateSeconds(BenchCase.plan(Profile.DEFAULT, null).cases().size()) < 1800);
    }

    @Test
    void includeFiltersOnTheCaseId() {
        BenchCase.Plan p = BenchCase.plan(Profile.DEFAULT, Pattern.compile("^conv1x1_32to64_7x7/csr/int8/"));
        assertEquals(6, p.cases().size());
        assertTrue(p.cases().stream().allMatch(c -> c.id().startsWith("conv1x1_32to64_7x7/csr/int8/")));
        assertTrue(p.skipped().isEmpty());
        assertEquals("dense_512to10/gemm/fp32/0.95", new BenchCase("dense_512to10", "gemm", "fp32", 0.95).id());
        assertEquals("0", BenchCase.formatSparsity(0.0));
        assertEquals("0.5", BenchCase.formatSparsity(0.5));
    }

    @Test
    void prunedWeightsHaveTheAskedSparsityAndAreNested() {
        Layers.Layer l = Layers.get("conv3x3_16to32_14x14");
        float[] w80 = BenchData.prunedWeights(l, 0.8), w90 = BenchData.prunedWeights(l, 0.9);
        assertEquals(0.8, BenchData.zeroFraction(l, "fp32", 0.8), 1.0 / w80.length);
        assertEquals(0.0, BenchData.zeroFraction(l, "fp32", 0.0), 0);
        float max80 = 0, min80 = Float.MAX_VALUE;
        for (int i = 0; i < w80.length; i++) {
            if (w80[i] == 0) assertEquals(0f, w90[i]); // nested
            else min80 = Math.min(min80, Math.abs(w80[i]));
        }
        float[] dense = BenchData.denseWeights(l);
        for (int i = 0; i < dense.length; i++) {
            if (w80[i] == 0) max80 = Math.max(max80, Math.abs(dense[i]));
        }
        assertTrue(max80 <= min80, "pruning removed a larger weight than one it kept");
        assertTrue(Arrays.equals(w80, BenchData.prunedWeights(l, 0.8)), "seeded: same weights every time");
        double int8Zeros = BenchData.zeroFraction(l, "int8", 0.8);
        assertTrue(int8Zeros >= BenchData.zeroFraction(l, "fp32", 0.8) && int8Zeros < 0.85, "int8 zeros " + int8Zeros);
    }

    @Test
    void argumentsParse() {
        KernelBench.Args a = KernelBench.parse(new String[] {"--profile", "quick", "--include", "csr", "--json", "/tmp/x/k.json", "--threads", "1"});
        assertEquals(Profile.QUICK, a.profile());
        assertEquals("csr", a.include().pattern());
        assertEquals(1, a.threads());
        assertEquals("/tmp/x/kernels-summary.json", KernelBench.summaryPath(a.json()).toString());
        assertEquals(Profile.DEFAULT, KernelBench.parse(new String[0]).profile());
        assertTrue(KernelBench.parse(new String[0]).json().toString().endsWith("kernels.json"));
        assertNull(KernelBench.parse(new String[] {"--help"}));
        assertUsage(ErrorKind.UNKNOWN_NAME, "--profile", "huge");
        assertUsage(ErrorKind.BAD_FORMAT, "--include", "(");
        assertUsage(ErrorKind.OUT_OF_RANGE, "--threads", "0");
        assertUsage(ErrorKind.BAD_FORMAT, "--json");
        assertFalse(KernelBench.parse(new String[] {"--list"}).include() != null);
        assertEquals(Path.of("/tmp/r/k.json"), KernelBench.parse(new String[] {"--summarize", "/tmp/r/k.json"}).json());
        assertUsage(ErrorKind.CONFLICT, "--summarize", "a.json", "--json", "b.json");
    }

    private static void assertUsage(ErrorKind kind, String... argv) {
        assertEquals(kind, assertThrows(InvalidInputException.class, () -> KernelBench.parse(argv)).kind(), String.join(" ", argv));
    }

    @Test
    void usageErrorsExitWithTwoAndAMessage() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int rc = KernelBench.execute(new String[] {"--frobnicate"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertEquals(2, rc);
        assertTrue(err.toString().startsWith("error: Unknown option: '--frobnicate'"), err.toString());
        assertTrue(err.toString().contains("usage: "), err.toString());
        assertEquals(2, KernelBench.execute(new String[] {"--threads", "x"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)));
        assertEquals(2, KernelBench.execute(new String[] {"stray"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)));
        assertEquals(0, KernelBench.execute(new String[] {"--help"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)));
        assertTrue(out.toString().contains("--profile quick|default|full"), out.toString());
    }

    @Test
    void tvmCasesAreTheApplicablePairsOfTheSameLayersInFp32() throws Exception {
        assertEquals(TvmConvKernelBenchmark.class.getName() + ".conv", Engine.TVM.benchmark);
        assertEquals(ConvKernelBenchmark.class.getName() + ".conv", Engine.JAVA.benchmark);
        assertEquals(Layers.names(), Arrays.asList(TvmConvKernelBenchmark.class.getField("layer").getAnnotation(Param.class).value()));
        assertEquals(TvmApplicability.PRIMITIVES, Arrays.asList(TvmConvKernelBenchmark.class.getField("primitive").getAnnotation(Param.class).value()));
        assertEquals(Primitives.names(), TvmApplicability.PRIMITIVES);

        BenchCase.Plan plan = BenchCase.plan(Profile.QUICK, null, List.of(Engine.JAVA, Engine.TVM));
        List<String> tvm = plan.cases().stream().filter(c -> c.engine() == Engine.TVM).map(BenchCase::id).toList();
        // conv3x3: 4 dense primitives; conv1x1: no winograd; dense: gemm + csr/bsr at 4 sparsities;
        // on x86 TVM has no spatial-pack or Winograd template: 3 fewer
        assertEquals(TvmApplicability.X86 ? 13 : 16, tvm.size(), tvm.toString());
        assertEquals(68, plan.cases().size() - tvm.size(), "the Java cases are unchanged");
        assertTrue(tvm.contains("dense_1568to128/bsr/fp32/0.95/tvm"), tvm.toString());
        assertTrue(tvm.stream().allMatch(id -> id.contains("/fp32/")));
        Set<String> skipped = plan.skipped().stream().filter(s -> s.engine() == Engine.TVM)
                .map(s -> s.primitive() + "/" + s.layer()).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>(Set.of("csr/conv3x3_16to32_14x14", "bsr/conv3x3_16to32_14x14", "csr/conv1x1_32to64_7x7",
                "bsr/conv1x1_32to64_7x7", "winograd/conv1x1_32to64_7x7", "direct/dense_1568to128", "spatial-pack/dense_1568to128",
                "winograd/dense_1568to128"));
        if (TvmApplicability.X86) {
            expected.addAll(Set.of("spatial-pack/conv3x3_16to32_14x14", "winograd/conv3x3_16to32_14x14", "spatial-pack/conv1x1_32to64_7x7"));
            assertTrue(TvmApplicability.notApplicable("spatial-pack", "conv3x3_16to32_14x14").orElseThrow().contains("no spatial-pack NCHW conv2d template for x86"));
        }
        assertEquals(expected, skipped);

        assertTrue(TvmApplicability.notApplicable("winograd", "conv3x3_s2_16to32_28x28").orElseThrow().contains("stride-1"));
        assertTrue(TvmApplicability.notApplicable("gemm", "dw3x3_32_14x14").orElseThrow().contains("depthwise"));
        assertTrue(TvmApplicability.notApplicable("bsr", "dense_512to10").orElseThrow().contains("multiples"));
        assertTrue(TvmApplicability.notApplicable("csr", "dense_512to10").isEmpty());
    }

    @Test
    void tvmCasesGetTheirBenchmarkAndTheNativeFolderButNoPrecision() {
        BenchCase c = new BenchCase(Engine.TVM, "dense_1568to128", "csr", "fp32", 0.9);
        var opts = KernelBench.options(Profile.QUICK, c, 1).build();
        assertEquals(List.of("^\\Q" + Engine.TVM.benchmark + "\\E$"), opts.getIncludes());
        assertFalse(opts.getParameter("precision").hasValue());
        assertEquals(List.of("csr"), List.copyOf(opts.getParameter("primitive").get()));
        List<String> jvmArgs = List.copyOf(opts.getJvmArgsAppend().get());
        assertTrue(jvmArgs.contains("-Ddlas.kernels.threads=1"), jvmArgs.toString());
        assertTrue(jvmArgs.contains(KernelBench.VECTOR_MODULE), jvmArgs.toString());
        String dir = jvmArgs.stream().filter(a -> a.startsWith("-Ddlas.native.dir=")).findFirst().orElseThrow().substring("-Ddlas.native.dir=".length());
        String libraryPath = jvmArgs.stream().filter(a -> a.startsWith("-Djava.library.path=")).findFirst().orElseThrow();
        assertTrue(Arrays.asList(libraryPath.substring("-Djava.library.path=".length()).split(java.io.File.pathSeparator)).contains(dir), libraryPath);
        assertTrue(KernelBench.parse(new String[] {"--tvm", "--report", "out"}).tvm());
        assertEquals(Path.of("out"), KernelBench.parse(new String[] {"--report", "out"}).report());
    }
}
