package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlas bench-report} on a checked-in {@code kernels-summary.json}: the summary of a real
 * {@code KernelBench --profile quick --tvm} run on the 2-core development VM (see
 * benchmarks/README.md), so the Java and TVM results, crossovers and pairs are real measurements.
 * The end-to-end path from a fresh JMH run is tested in the benchmarks module (KernelBenchReportTest).
 */
class BenchReportCommandTest {
    private static final List<String> LAYERS = List.of("conv3x3_16to32_14x14", "conv1x1_32to64_7x7", "dense_1568to128");

    private static Path fixture() throws Exception {
        return Path.of(BenchReportCommandTest.class.getResource("/org/dlas/report/kernels-summary-quick-tvm.json").toURI());
    }

    @Test void writesPlotsAndMarkdownFromARealQuickRunSummary(@TempDir Path out) throws Exception {
        CliTest.Run r = CliTest.dlas("bench-report", fixture().toString(), out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("kernels-report.md"), r.out());
        for (String layer : LAYERS) {
            for (String ext : List.of(".png", ".svg")) assertTrue(Files.size(out.resolve("gops_" + layer + ext)) > 1000, layer + ext);
        }
        for (String variant : List.of("java_fp32", "java_int8")) {
            for (String layer : LAYERS) assertTrue(Files.exists(out.resolve("time_vs_sparsity_" + layer + "_" + variant + ".png")), layer + " " + variant);
        }
        assertTrue(Files.exists(out.resolve("time_vs_sparsity_dense_1568to128_tvm_fp32.svg")));
        String md = Files.readString(out.resolve("kernels-report.md"));
        assertTrue(md.contains("## Java kernels vs TVM (fp32)"), md);
        assertTrue(md.contains("| conv3x3_16to32_14x14 | winograd | 0 |"), md);
        assertTrue(md.contains("- tvm fp32 csr vs gemm: crossover"), md);
        assertTrue(md.contains("- tvm csr on conv1x1_32to64_7x7: TVM's sparse kernels"), md);
    }

    @Test void aJmhResultFileIsRefusedWithTheWayToSummariseIt(@TempDir Path dir) throws Exception {
        Path jmh = dir.resolve("kernels.json");
        Files.writeString(jmh, "[{\"benchmark\": \"org.dlas.bench.ConvKernelBenchmark.conv\"}]");
        CliTest.Run r = CliTest.dlas("bench-report", jmh.toString(), dir.resolve("out").toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("KernelBench --summarize"), r.err());
        assertEquals(Dlas.EXIT_USAGE, CliTest.dlas("bench-report", dir.resolve("missing.json").toString(), dir.toString()).exit());
    }
}
