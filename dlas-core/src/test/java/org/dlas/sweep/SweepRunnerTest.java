package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
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

    @Test
    void aTimedOutPointDoesNotMakeTheNextOneTimeOut(@TempDir Path dir) throws Exception {
        org.dlas.models.ModelZoo.trained("lenet");
        // the first point fine-tunes on 58,000 images (tens of seconds) and times out after 3 s; before, fine-tuning
        // ignored the interrupt and held the workbench's one lock, so the second point timed out waiting for it
        Path file = writeSweep(dir, """
                name: timeout-test
                model: lenet
                compression: [{name: prune, sparsity: 0.5, finetune_images: 58000}, none]
                primitive: direct
                hardware: jvm
                measure: {warmup: 0, repeats: 1, test_images: 100, timeout_s: 3}
                output: OUTPUT
                """);
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        SweepRunner.Summary s = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(1, s.errors());
        assertEquals(1, s.ok(), "the point after the timed-out one is measured");
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            Map<String, ResultRow> byCompression = store.forSweep("timeout-test").stream()
                    .collect(Collectors.toMap(r -> r.labels().get("compression"), Function.identity()));
            assertEquals(Status.OK, byCompression.get("none").status(), byCompression.get("none")::message);
            ResultRow timedOut = byCompression.values().stream().filter(r -> r.status() == Status.ERROR).findFirst().orElseThrow();
            assertTrue(timedOut.message().startsWith("timed out after 3 s"), timedOut.message());
        }
        // the given-up fine-tuning stops at its next step instead of using a core to its end (tens of seconds)
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (stillTraining() && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(!stillTraining(), "a thread is still fine-tuning for the timed-out point");
    }

    private static boolean stillTraining() {
        return Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                .anyMatch(f -> f.getClassName().equals("org.dlas.train.Trainer") && f.getMethodName().equals("train"));
    }

    @Test
    void replacingAnOnnxModelFileMeasuresItAgain(@TempDir Path dir) throws Exception {
        org.dlas.ir.Graph lenet = org.dlas.models.ModelZoo.trained("lenet");
        Path onnx = dir.resolve("model.onnx");
        org.dlas.onnx.OnnxExporter.save(lenet, onnx);
        Path file = writeSweep(dir, """
                name: onnx-content
                model: {name: onnx, path: MODEL}
                compression: none
                primitive: direct
                hardware: jvm
                measure: {warmup: 0, repeats: 1, test_images: 50}
                output: OUTPUT
                """.replace("MODEL", onnx.toString()));
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(1, new SweepRunner(1, quiet).run(spec).ok());
        assertEquals(1, new SweepRunner(1, quiet).run(spec).alreadyMeasured(), "the same file is not measured twice");

        // another model under the same path: before, the rerun kept the old row
        for (org.dlas.ir.Node n : lenet.nodes()) {
            if (n.op() instanceof org.dlas.ir.Op.Dense d) {
                java.util.Arrays.fill(d.weight(), 0f);
                if (d.bias() != null) java.util.Arrays.fill(d.bias(), 0f);
            }
        }
        org.dlas.onnx.OnnxExporter.save(lenet, onnx);
        SweepRunner.Summary rerun = new SweepRunner(1, quiet).run(spec);
        assertEquals(0, rerun.alreadyMeasured());
        assertEquals(1, rerun.ok());
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            List<ResultRow> rows = store.forSweep("onnx-content");
            assertEquals(2, rows.size(), "one row per model content");
            assertTrue(rows.stream().allMatch(r -> r.pointJson().contains("\"contents\":{\"model\":\"sha256:")), rows.get(0).pointJson());
            assertEquals(0.0, rows.stream().mapToDouble(r -> r.metrics().get(Metric.TOP1)).min().orElseThrow(),
                    "zero output weights: all-tied outputs score 0 (not 100 %)");
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
                model: {name: onnx, path: "ONNX", input_shape: 3x48x192, mean: "0.5", std: "0.5"}
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
                assertTrue(row.message().contains("no accuracy: the model has 2 classes") && row.message().contains("fed as 3x48x192 (bilinear, grey replicated), normalised (x - [0.5]) / [0.5]"),
                        row.message());
            }
        }
    }

    @Test
    void aBadNormalisationIsRefusedWhenTheSweepIsLoaded(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("cls.onnx");
        Files.writeString(onnx, "not read before the check");
        Path file = writeSweep(dir, """
                name: badnorm
                model: {name: onnx, path: "ONNX", mean: "0.5;0.4", std: "0.5"}
                primitive: gemm
                hardware: jvm
                output: OUTPUT
                """.replace("ONNX", onnx.toString()));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> SpecLoader.load(file, new StackCatalog()));
        assertTrue(e.getMessage().contains("mean '0.5;0.4' is not a comma-separated list of numbers"), e.getMessage());
        float[][] n = ModelSource.normalisation(new org.dlas.spec.Choice("onnx", java.util.Map.of("path", "x.onnx", "mean", "0.485, 0.456,0.406",
                "std", "0.229,0.224,0.225")));
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, n[0]);
        assertArrayEquals(new float[] {0.229f, 0.224f, 0.225f}, n[1]);
        assertEquals(ErrorKind.MISSING, org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> ModelSource.normalisation(new org.dlas.spec.Choice("onnx", java.util.Map.of("path", "x.onnx", "mean", "0.5")))).kind());
    }

    @Test
    void syntheticInputsMeasureEverythingButAccuracy(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("cls.onnx");
        try (java.io.InputStream in = getClass().getResourceAsStream("/org/dlas/onnx/real/ch_ppocr_mobile_v2.0_cls_infer.onnx")) {
            Files.write(onnx, in.readAllBytes());
        }
        Path file = writeSweep(dir, """
                name: synthetic
                model: {name: onnx, path: "ONNX", input_shape: 3x48x192, inputs: synthetic}
                compression: none
                primitive: [direct, gemm]
                hardware: jvm
                measure: {warmup: 1, repeats: 2, test_images: 8, calibration_images: 4}
                output: OUTPUT
                """.replace("ONNX", onnx.toString()));
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        SweepRunner.Summary s = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(2, s.ok());
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            for (ResultRow row : store.forSweep("synthetic")) {
                assertEquals(Status.OK, row.status(), row.message());
                assertTrue(!row.metrics().containsKey(Metric.TOP1), row.metrics().toString());
                assertEquals(8.0, row.metrics().get(Metric.TEST_IMAGES));
                assertEquals(0.0, row.metrics().get(Metric.LABEL_DIFF_SHARE), "direct and gemm agree with the reference on the same inputs");
                assertNotNull(row.metrics().get(Metric.LATENCY_MEDIAN_MS));
                assertTrue(row.message().startsWith("no accuracy: synthetic inputs (seed 1; inputs: synthetic; no labels"), row.message());
            }
        }
    }

    @Test
    void aLabelledImageFolderOfOnesOwnIsTheDataSet(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("cls.onnx");
        try (java.io.InputStream in = getClass().getResourceAsStream("/org/dlas/onnx/real/ch_ppocr_mobile_v2.0_cls_infer.onnx")) {
            Files.write(onnx, in.readAllBytes());
        }
        Path images = dir.resolve("images");
        java.util.Random rnd = new java.util.Random(8);
        for (String c : List.of("0", "180")) {
            Files.createDirectories(images.resolve(c));
            for (int i = 0; i < 2; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(96, 24, java.awt.image.BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 24; y++) for (int x = 0; x < 96; x++) img.setRGB(x, y, rnd.nextInt(1 << 24));
                javax.imageio.ImageIO.write(img, "png", images.resolve(c).resolve(i + ".png").toFile());
            }
        }
        String sweep = """
                name: own
                model: {name: onnx, path: "ONNX", input_shape: 3x48x192, images: "IMAGES", mean: "0.5", std: "0.5"}
                compression: none
                primitive: direct
                hardware: jvm
                measure: {warmup: 1, repeats: 2, test_images: 4, calibration_images: 4}
                output: OUTPUT
                """.replace("ONNX", onnx.toString());
        SweepSpec spec = SpecLoader.load(writeSweep(dir, sweep.replace("IMAGES", images.toString())), new StackCatalog());
        SweepRunner.Summary s = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(1, s.ok());
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            ResultRow row = store.forSweep("own").get(0);
            assertEquals(Status.OK, row.status(), row.message());
            double top1 = row.metrics().get(Metric.TOP1);
            assertTrue(top1 >= 0 && top1 <= 1 && Math.round(top1 * 4) == top1 * 4, "a share of 4 images: " + top1);
            assertTrue(row.message().contains("images: images (4 labelled images in 2 classes)"), row.message());
        }
        Path notLabelled = Files.createDirectories(dir.resolve("flat"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> SpecLoader.load(writeSweep(dir, sweep.replace("IMAGES", notLabelled.toString())), new StackCatalog()));
        assertTrue(e.getMessage().contains("is not a labelled image folder"), e.getMessage());
    }
}
