package org.dlas.tuner.tvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.Primitives;
import org.dlas.onnx.OnnxImporter;
import org.dlas.onnx.ProtoReader;
import org.dlas.data.Npy;
import org.dlas.testing.OpenWakeWordModels;
import org.dlas.testing.SlidingWindows;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.models.ZooFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.dlas.testing.SeededArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The element-wise operators real ONNX exports need, through the TVM translation: a real
 * pre-trained classifier (PaddleOCR's MobileNetV3-small, paddle2onnx) and a graph with every new IR
 * operator, built by TVM and checked against dlas's Java kernels (which agree with ONNX Runtime).
 */
class ImportedModelCpuTest {
    private static final Path PADDLE_CLS = Path.of("..", "dlas-core", "src", "test", "resources", "org", "dlas", "onnx", "real",
            "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    /** Log-mel frames of speech as openWakeWord computes them (see RealModelsTest). */
    private static final Path SPEECH_MEL = Path.of("..", "dlas-core", "src", "test", "resources", "org", "dlas", "onnx", "real",
            "openwakeword_speech_mel.npy");

    @TempDir static Path cache;
    private static CpuTarget cpu;

    @BeforeAll static void setUp() {
        cpu = new CpuTarget(new TvmCompiler(cache, Duration.ofMinutes(15)));
    }

    private static float[] inputs(Shape s, int n) {
        Random r = new Random(5);
        float[] x = new float[n * s.size()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }

    private static void matchesJvm(Graph g, int n) throws Exception {
        matchesJvm(g, inputs(g.inputShape(), n), n);
    }

    /** gemm: the speech embedding's 1x3 and 3x1 layers take the direct kernel ten times as long. */
    private static float[] jvm(Graph g, float[] x, int n) {
        return CompiledModel.compile(g, Primitives.create("gemm", Map.of()), Primitives.create("direct", Map.of())).forward(x, n);
    }

    /** TVM's outputs for {@code x}, checked against the JVM's. */
    private static float[] matchesJvm(Graph g, float[] x, int n) throws Exception {
        float[] jvm = jvm(g, x, n);
        float[] tvm;
        try (PreparedModel m = cpu.prepare(g, Choice.of("cpu"), Choice.of("direct"), Choice.of("untuned"), 10)) {
            tvm = m.infer(x, n);
        }
        double dev = ZooFixtures.maxRelativeDeviation(tvm, jvm);
        assertTrue(dev < 1e-4, g.name() + ": TVM deviates from the JVM by " + dev);
        assertArrayEquals(ZooFixtures.labels(jvm, g.outputShape().size()), ZooFixtures.labels(tvm, g.outputShape().size()), g.name());
        System.out.printf("%s on cpu (TVM): top-1 equal to the JVM's on %d of %d, max relative difference %.3g%n", g.name(), n, n, dev);
        return tvm;
    }

    @Test void paddleMobileNetV3Classifier() throws Exception {
        assertTrue(Files.isRegularFile(PADDLE_CLS), PADDLE_CLS.toAbsolutePath() + " is missing");
        Graph g = OnnxImporter.load(PADDLE_CLS, OnnxImporter.Options.defaults().withInputShape(new Shape(3, 48, 192)));
        matchesJvm(g, 100);
    }

    /**
     * openWakeWord's tf2onnx speech-embedding network on 133 windows of real speech features, then
     * openWakeWord's timer head (PyTorch exporter) on 100 runs of 34 consecutive embeddings, both built
     * by TVM: embeddings and the head's 7 class scores agree with the JVM (RealModelsTest ties the JVM
     * to ONNX Runtime on the same inputs), and so does the head's top-1 on every run.
     */
    @Test void tf2onnxSpeechEmbeddingAndTimerHead() throws Exception {
        Graph embedding = OnnxImporter.convert(ProtoReader.readModel(OpenWakeWordModels.EMBEDDING.read()), "speech_embedding", OnnxImporter.Options.defaults());
        Graph timer = OnnxImporter.convert(ProtoReader.readModel(OpenWakeWordModels.TIMER.read()), "timer", OnnxImporter.Options.defaults());
        assertTrue(Files.isRegularFile(SPEECH_MEL), SPEECH_MEL.toAbsolutePath() + " is missing");
        int heads = 100, windows = heads + 33;
        float[] x = SlidingWindows.of(Npy.read(SPEECH_MEL).values(), 32, 76, 8, windows);
        float[] tvmClasses = matchesJvm(timer, SlidingWindows.of(matchesJvm(embedding, x, windows), 96, 34, 1, heads), heads);
        float[] jvmClasses = jvm(timer, SlidingWindows.of(jvm(embedding, x, windows), 96, 34, 1, heads), heads);
        assertArrayEquals(ZooFixtures.labels(jvmClasses, 7), ZooFixtures.labels(tvmClasses, 7), "timer's class: TVM end to end against the JVM end to end");
    }

    @Test void everyElementwiseOperator() throws Exception {
        Random r = new Random(3);
        Op.Conv2d c1 = conv(new ConvSpec(4, 6, 3, 3, 1, 1, 1, 1, 1), r), c2 = conv(new ConvSpec(6, 6, 1, 1, 1, 1, 0, 0, 1), r);
        Graph g = new Graph("elementwise", List.of(
                Node.of("x", new Op.Input(4, 6, 5)),
                Node.of("c1", c1, "x"),
                Node.of("gate", new Op.HardSigmoid(1f / 6f, 0.5f), "c1"),
                Node.of("hswish", new Op.Mul(), "c1", "gate"),
                Node.of("lrn", new Op.Lrn(3, 1e-2f, 0.75f, 2f), "hswish"),
                Node.of("pool", new Op.GlobalAvgPool(), "lrn"),
                Node.of("c2", c2, "pool"),
                Node.of("sig", new Op.Sigmoid(), "c2"),
                Node.of("se", new Op.Mul(), "lrn", "sig"),
                Node.of("prelu", new Op.PRelu(new float[] {0.1f, -0.2f, 0.3f, 0.25f, 0f, 1.5f}), "se"),
                Node.of("clip", new Op.Clip(-0.5f, 2f), "prelu"),
                // one-sided, as ONNX Max/Min against a constant import
                Node.of("atLeast", new Op.Clip(-0.3f, Float.POSITIVE_INFINITY), "clip"),
                Node.of("atMost", new Op.Clip(Float.NEGATIVE_INFINITY, 1.8f), "atLeast"),
                Node.of("fc", new Op.Dense(180, 8, rand(r, 180 * 8, 0.1f), rand(r, 8, 0.1f), null), "atMost"),
                Node.of("tanh", new Op.Tanh(), "fc"),
                Node.of("fprelu", new Op.PRelu(new float[] {0.5f, 0.1f, 0.2f, 0.3f, 0.4f, 0.6f, 0.7f, 0.8f}), "tanh"),
                Node.of("sq", new Op.Mul(), "fprelu", "fc"),
                Node.of("lrn2", new Op.Lrn(3, 1e-1f, 0.5f, 1f), "sq"),
                Node.of("out", new Op.Dense(8, 3, rand(r, 24, 0.5f), rand(r, 3, 0.1f), null), "lrn2")));
        matchesJvm(g, 20);
    }

    /** Split, nearest upsampling and a strided crop as the importer writes them (Select), non-square pooling, Reciprocal, bilinear resizing, a pick of features. */
    @Test void selections() throws Exception {
        Random r = new Random(5);
        int[] twice = SeededArrays.doubled(12), twiceW = SeededArrays.doubled(10);
        Graph g = new Graph("selections", List.of(
                Node.of("x", new Op.Input(4, 6, 5)),
                Node.of("c1", conv(new ConvSpec(4, 8, 3, 3, 1, 1, 1, 1, 1), r), "x"),
                Node.of("left", new Op.Select(Op.Select.range(0, 4), Op.Select.all(6), Op.Select.all(5)), "c1"),
                Node.of("right", new Op.Select(Op.Select.range(4, 8), Op.Select.all(6), Op.Select.all(5)), "c1"),
                Node.of("up", new Op.Select(Op.Select.all(4), twice, twiceW), "left"),
                Node.of("down", new Op.MaxPool(2, 2, 0), "up"),
                Node.of("sum", new Op.Add(), "down", "right"),
                Node.of("squash", new Op.Clip(0.5f, 4f), "sum"),
                Node.of("inv", new Op.Reciprocal(), "squash"),
                Node.of("tall", new Op.MaxPool(3, 1, 1, 2, 1, 0), "inv"),
                Node.of("wide", new Op.AvgPool(1, 2, 1, 1, 0, 1), "tall"),
                Node.of("crop", new Op.Select(Op.Select.all(4), Op.Select.range(1, 5), new int[] {0, 2}), "wide"),
                Node.of("smooth", new Op.LinearResize(6, 3, 1.5f, 1.5f, "half_pixel"), "crop"),
                Node.of("fc", new Op.Dense(72, 6, rand(r, 72 * 6, 0.2f), rand(r, 6, 0.1f), null), "smooth"),
                Node.of("pick", new Op.Select(new int[] {5, 0, 3}, new int[] {0}, new int[] {0}), "fc"),
                Node.of("out", new Op.Dense(3, 2, rand(r, 6, 0.5f), rand(r, 2, 0.1f), null), "pick")));
        matchesJvm(g, 20);
    }

    private static Op.Conv2d conv(ConvSpec s, Random r) {
        return new Op.Conv2d(s, rand(r, s.weightCount(), 0.3f), rand(r, s.outChannels(), 0.1f), null);
    }

    private static float[] rand(Random r, int n, float scale) { return SeededArrays.gaussian(r, n, scale); }
}
