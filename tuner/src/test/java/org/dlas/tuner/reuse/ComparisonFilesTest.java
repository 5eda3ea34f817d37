package org.dlas.tuner.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's CSV and plot, from given points (no TVM). */
class ComparisonFilesTest {

    @Test void writesCsvPngAndSvg(@TempDir Path dir) throws Exception {
        LatencyMeter.Latency slow = new LatencyMeter.Latency(2.0, 1.9, 2.2, 50);
        LatencyMeter.Latency fast = new LatencyMeter.Latency(1.0, 0.9, 1.1, 50);
        ReuseReport report = new ReuseReport(List.of(
                new KernelReuse("fused_nn_conv2d", "conv2d_nchw", List.of(1, 8, 28, 28, 1, 5, 5), ReuseRule.CLOSEST, "vgg",
                        "conv2d_nchw 1x8x28x28x1x3x3", 1.02, 1, List.of("x"), "trace"),
                new KernelReuse("fused_nn_dense", "T_matmul_NT", List.of(1, 10, 64), ReuseRule.NONE, null, null, Double.NaN, 0, List.of(), null)), 0.5);
        List<BudgetComparison.Point> points = List.of(
                new BudgetComparison.Point("untuned", "", 0, 3, slow, 1.0, null),
                new BudgetComparison.Point("reuse", "vgg", 0, 6, fast, 2.0, report),
                new BudgetComparison.Point("scratch", "", 8, 40, slow, 1.0, null),
                new BudgetComparison.Point("scratch", "", 16, 80, fast, 2.0, null));
        List<Path> files = ComparisonFiles.write(dir, "lenet", points, "test figures");
        assertEquals(3, files.size());
        for (Path f : files) assertTrue(Files.size(f) > 100, f.toString());
        List<String> csv = Files.readAllLines(dir.resolve("reuse-vs-scratch.csv"));
        assertTrue(csv.get(0).startsWith("# model lenet; latency: test figures"), csv.get(0));
        assertEquals("reuse,vgg,0,6.00,1.0000,0.9000,1.1000,2.000,0,1,1,1", csv.get(3));
        assertEquals(6, csv.size());
        Files.delete(dir.resolve("reuse-vs-scratch.png"));
        assertEquals(2, ComparisonFiles.replot(dir).size());
        assertTrue(Files.size(dir.resolve("reuse-vs-scratch.png")) > 100);
    }
}
