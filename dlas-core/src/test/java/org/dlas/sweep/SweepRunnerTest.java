package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;
import org.dlas.store.SqliteResultStore;

class SweepRunnerTest {

    static Path writeSweep(Path dir, String body) throws Exception {
        Path f = dir.resolve("sweep.yaml");
        Files.writeString(f, body.replace("OUTPUT", dir.resolve("out").toString()));
        return f;
    }

    @Test
    void measuresSkipsAndRecordsErrorsThenResumesWithoutRerunningOkPoints(@TempDir Path dir) throws Exception {
        Path file = writeSweep(dir, """
                name: engine-test
                dataset: fashion-mnist
                model: lenet
                compression: [none, {name: prune, sparsity: 0.6}]
                primitive: [direct, csr]
                hardware: [jvm, test-crash]
                measure: {warmup: 1, repeats: 3, test_images: 200, calibration_images: 50}
                exclude:
                  - {hardware: test-crash, primitive: csr}
                output: OUTPUT
                """);
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Summary first = new SweepRunner(1, new PrintStream(log, true)).run(spec);
        assertEquals(8, first.points());
        assertEquals(4, first.ok(), log::toString);
        assertEquals(2, first.errors());
        assertEquals(2, first.skipped());

        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            List<ResultRow> rows = store.forSweep("engine-test");
            assertEquals(8, rows.size());
            for (ResultRow r : rows) {
                if (r.status() == Status.OK) {
                    assertEquals(200, r.metrics().get(Metric.TEST_IMAGES));
                    assertTrue(r.metrics().get(Metric.TOP1) > 0.5, "a trained lenet is far above chance: " + r.metrics());
                    assertTrue(r.metrics().get(Metric.LATENCY_P10_MS) <= r.metrics().get(Metric.LATENCY_MEDIAN_MS));
                    assertEquals(200, r.predictions().length);
                    assertNotNull(r.machine());
                } else if (r.status() == Status.ERROR) {
                    assertTrue(r.message().contains("simulated device crash"), r.message());
                } else {
                    assertTrue(r.message().contains("excluded by rule"), r.message());
                }
            }
            Map<String, ResultRow> byLabel = rows.stream().filter(r -> r.status() == Status.OK)
                    .collect(Collectors.toMap(r -> r.labels().get("compression") + "/" + r.labels().get("primitive"), Function.identity()));
            // the unpruned direct point is the reference itself; csr computes the same function
            assertEquals(0.0, byLabel.get("none/direct").metrics().get(Metric.LABEL_DIFF_SHARE));
            assertTrue(byLabel.get("none/csr").metrics().get(Metric.MAX_OUTPUT_DEVIATION) < 1e-3);
            assertTrue(byLabel.get("prune(finetune_images=0,scope=layer,skip_first=true,sparsity=0.6)/csr").metrics().get(Metric.SPARSITY) > 0.5,
                    byLabel.keySet()::toString);
        }
        assertTrue(Files.size(spec.output().resolve("results.csv")) > 0);

        SweepRunner.Summary second = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(4, second.alreadyMeasured());
        assertEquals(0, second.ok(), "OK points must not run again");
        assertEquals(2, second.errors(), "error points are retried");
    }

    @Test
    void userOnnxModelRunsLikeTheZooModelItWasExportedFrom(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("lenet.onnx");
        org.dlas.onnx.OnnxExporter.save(org.dlas.models.ModelZoo.trained("lenet"), onnx);
        Path file = writeSweep(dir, """
                name: onnx-test
                model: [lenet, {name: onnx, path: "ONNX"}]
                compression: none
                primitive: gemm
                hardware: jvm
                measure: {warmup: 1, repeats: 2, test_images: 300}
                output: OUTPUT
                """.replace("ONNX", onnx.toString()));
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        SweepRunner.Summary s = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(2, s.ok());
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            List<ResultRow> rows = store.forSweep("onnx-test");
            assertEquals(rows.get(0).metrics().get(Metric.TOP1), rows.get(1).metrics().get(Metric.TOP1));
            org.junit.jupiter.api.Assertions.assertArrayEquals(rows.get(0).predictions(), rows.get(1).predictions());
        }
    }

    /**
     * A real ONNX classifier with symbolic dims and another input and class count than the data set:
     * input_shape binds the dims, Fashion-MNIST's grey 28x28 images are replicated to 3 channels and
     * resized to 48x192, and the rows have no accuracy (2 classes against 10 labels) but every other figure.
     */
    @Test
    void importedModelOfAnotherShapeIsFedResizedImagesAndHasNoAccuracy(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("cls.onnx");
        try (java.io.InputStream in = getClass().getResourceAsStream("/org/dlas/onnx/real/ch_ppocr_mobile_v2.0_cls_infer.onnx")) {
            Files.write(onnx, in.readAllBytes());
        }
        Path file = writeSweep(dir, """
                name: imported
                model: {name: onnx, path: "ONNX", input_shape: 3x48x192}
                compression: [none, int8]
                primitive: gemm
                hardware: jvm
                measure: {warmup: 1, repeats: 2, test_images: 20, calibration_images: 10}
                output: OUTPUT
                """.replace("ONNX", onnx.toString()));
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        SweepRunner.Summary s = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(2, s.ok());
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            for (ResultRow row : store.forSweep("imported")) {
                assertEquals(Status.OK, row.status(), row.message());
                assertTrue(!row.metrics().containsKey(Metric.TOP1), row.metrics().toString());
                assertEquals(20.0, row.metrics().get(Metric.TEST_IMAGES));
                assertNotNull(row.metrics().get(Metric.LABEL_DIFF_SHARE));
                assertTrue(row.message().contains("no accuracy: the model has 2 classes") && row.message().contains("fed as 3x48x192 (bilinear, grey replicated)"),
                        row.message());
            }
        }
    }
}
