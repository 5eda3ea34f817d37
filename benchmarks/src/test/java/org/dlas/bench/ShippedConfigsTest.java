package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.dlas.spec.SpecError;
import org.dlas.spec.SpecLoader;
import org.dlas.sweep.StackCatalog;

/** Every sweep in configs/ validates against the full installation (every module's targets). */
class ShippedConfigsTest {

    @Test
    void everyShippedConfigValidates(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("..", "configs"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.endsWith("quickstart.yaml")), files::toString);
        assertTrue(files.size() >= 4, files::toString);
        for (Path f : files) {
            // model paths are relative to where a user runs ./dlas (the repository root); these tests run in benchmarks/
            String yaml = Files.readString(f);
            Path checked = yaml.contains("path: dlas-core/")
                    ? Files.writeString(tmp.resolve(f.getFileName()), yaml.replace("path: dlas-core/", "path: ../dlas-core/")) : f;
            List<SpecError> errors = SpecLoader.validate(checked, new StackCatalog());
            assertEquals(List.of(), errors, f.toString());
        }
    }

    /**
     * The small study runs end to end here, as a user runs it (its output goes to a temporary
     * folder): every point measured or skipped for a stated reason, none failed.
     */
    @Test
    void theAcceleratorStudyRuns(@org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        Path file = Path.of("..", "configs", "accel-study.yaml");
        Path copy = out.resolve("accel-study.yaml");
        Files.writeString(copy, Files.readString(file).replaceAll("(?m)^output:.*$", "output: " + out.resolve("run")));
        var spec = SpecLoader.load(copy, new StackCatalog());
        var log = new java.io.ByteArrayOutputStream();
        var summary = new org.dlas.sweep.SweepRunner(1, new java.io.PrintStream(log, true)).run(spec);
        assertEquals(0, summary.errors(), log::toString);
        assertEquals(summary.points(), summary.ok() + summary.skipped(), log::toString);
        assertTrue(summary.ok() >= 60, "measured points: " + summary.ok());
    }

    /**
     * The imported-model study without its TVM points, on a few images: the real network's new
     * operators run on the host part of the simulated accelerators and the FPGA design.
     */
    @Test
    void theImportedModelRunsOnTheSimulatedTargets(@org.junit.jupiter.api.io.TempDir Path out) throws Exception {
        String yaml = Files.readString(Path.of("..", "configs", "imported-model.yaml"))
                .replaceAll("(?m)^output:.*$", "output: " + out.resolve("run"))
                .replace("path: dlas-core/", "path: ../dlas-core/")
                .replace("test_images: 20", "test_images: 3").replace("calibration_images: 20", "calibration_images: 3")
                .replace("  - cpu\n", "").replace("  - mobilenet_v2\n", "");
        Path copy = out.resolve("imported-model.yaml");
        Files.writeString(copy, yaml);
        var spec = SpecLoader.load(copy, new StackCatalog());
        var log = new java.io.ByteArrayOutputStream();
        var summary = new org.dlas.sweep.SweepRunner(1, new java.io.PrintStream(log, true)).run(spec);
        assertEquals(0, summary.errors(), log::toString);
        assertTrue(summary.ok() >= 7, "measured points: " + summary.ok() + "\n" + log);
    }
}
