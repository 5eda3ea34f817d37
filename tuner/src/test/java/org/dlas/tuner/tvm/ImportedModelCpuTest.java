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
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.models.ZooFixtures;
import org.junit.jupiter.api.BeforeAll;
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
        float[] x = inputs(g.inputShape(), n);
        float[] jvm = CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(x, n);
        float[] tvm;
        try (PreparedModel m = cpu.prepare(g, Choice.of("cpu"), Choice.of("direct"), Choice.of("untuned"), 10)) {
            tvm = m.infer(x, n);
        }
        double dev = ZooFixtures.maxRelativeDeviation(tvm, jvm);
        assertTrue(dev < 1e-4, g.name() + ": TVM deviates from the JVM by " + dev);
        assertArrayEquals(ZooFixtures.labels(jvm, g.outputShape().size()), ZooFixtures.labels(tvm, g.outputShape().size()), g.name());
    }

    @Test void paddleMobileNetV3Classifier() throws Exception {
        assertTrue(Files.isRegularFile(PADDLE_CLS), PADDLE_CLS.toAbsolutePath() + " is missing");
        Graph g = OnnxImporter.load(PADDLE_CLS, OnnxImporter.Options.defaults().withInputShape(new Shape(3, 48, 192)));
        matchesJvm(g, 100);
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
                Node.of("fc", new Op.Dense(180, 8, rand(r, 180 * 8, 0.1f), rand(r, 8, 0.1f), null), "clip"),
                Node.of("tanh", new Op.Tanh(), "fc"),
                Node.of("fprelu", new Op.PRelu(new float[] {0.5f, 0.1f, 0.2f, 0.3f, 0.4f, 0.6f, 0.7f, 0.8f}), "tanh"),
                Node.of("sq", new Op.Mul(), "fprelu", "fc"),
                Node.of("lrn2", new Op.Lrn(3, 1e-1f, 0.5f, 1f), "sq"),
                Node.of("out", new Op.Dense(8, 3, rand(r, 24, 0.5f), rand(r, 3, 0.1f), null), "lrn2")));
        matchesJvm(g, 20);
    }

    private static Op.Conv2d conv(ConvSpec s, Random r) {
        return new Op.Conv2d(s, rand(r, s.weightCount(), 0.3f), rand(r, s.outChannels(), 0.1f), null);
    }

    private static float[] rand(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * scale;
        return v;
    }
}
