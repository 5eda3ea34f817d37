package org.dlas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.dlas.compression.CompressionResult;
import org.dlas.compression.Compressions;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;

/**
 * The trainer's layers of the operators that imported models bring (Sigmoid, Tanh, HardSigmoid,
 * Clip, PRelu, Mul, LRN, Select): backward against finite differences, forward equal to the compiled
 * model's, and prune-then-fine-tune of a MobileNetV3-style graph made of them.
 */
class ImportedOperatorTrainingTest {

    /** Values at least 0.05 away from every kink in {@code kinks}, spread over [-4, 4]. */
    private static float[] awayFrom(int n, long seed, float... kinks) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            boolean near;
            do {
                v = r.nextFloat() * 8 - 4;
                near = false;
                for (float k : kinks) near |= Math.abs(v - k) < 0.05f;
            } while (near);
            a[i] = v;
        }
        return a;
    }

    @Test void smoothActivations() {
        GradCheck.check(TestGraphs.single("sigmoid", 2, 3, 3, new Op.Sigmoid()), 2, null, 3);
        GradCheck.check(TestGraphs.single("tanh", 2, 3, 3, new Op.Tanh()), 2, null, 3);
        float[] awayFromZero = awayFrom(36, 5, 0f);
        for (int i = 0; i < awayFromZero.length; i++) awayFromZero[i] += Math.signum(awayFromZero[i]) * 0.5f; // |x| >= 0.55
        GradCheck.check(TestGraphs.single("reciprocal", 2, 3, 3, new Op.Reciprocal()), 2, awayFromZero, 3);
    }

    @Test void piecewiseLinearActivations() {
        // HardSigmoid(0.2, 0.5) bends at x = -2.5 and 2.5; Clip(-1.5, 2) at its bounds; PRelu at 0
        GradCheck.check(TestGraphs.single("hardsigmoid", 2, 3, 3, new Op.HardSigmoid(0.2f, 0.5f)), 2, awayFrom(36, 1, -2.5f, 2.5f), 3);
        GradCheck.check(TestGraphs.single("hardsigmoid-swish", 2, 3, 3, new Op.HardSigmoid(1f / 6, 0.5f)), 2, awayFrom(36, 2, -3f, 3f), 3);
        GradCheck.check(TestGraphs.single("clip", 2, 3, 3, new Op.Clip(-1.5f, 2f)), 2, awayFrom(36, 3, -1.5f, 2f), 3);
        GradCheck.check(TestGraphs.single("prelu", 3, 2, 3, new Op.PRelu(new float[] {0.25f, -0.5f, 1.5f})), 2, awayFrom(36, 4, 0f), 3);
    }

    @Test void lrnAcrossChannels() {
        GradCheck.check(TestGraphs.single("lrn5", 6, 2, 2, new Op.Lrn(5, 0.5f, 0.75f, 1f)), 2, null, 3);
        GradCheck.check(TestGraphs.single("lrn2", 4, 2, 3, new Op.Lrn(2, 1e-2f, 0.5f, 2f)), 2, null, 3); // even window
    }

    @Test void productsOfTwoActivations() {
        // equal shapes, a per-channel gate (squeeze-and-excitation), and a node times itself
        List<Node> equal = List.of(Node.of("in", new Op.Input(2, 3, 3)),
                Node.of("conv", TestGraphs.conv(new ConvSpec(2, 2, 3, 3, 1, 1, 1, 1, 1), true, 5), "in"),
                Node.of("mul", new Op.Mul(), "in", "conv"));
        GradCheck.check(new Graph("mul", equal), 2, null, 3);
        GradCheck.check(new Graph("se-gate", seBlock(3, 4)), 2, null, 3);
        GradCheck.check(new Graph("square", List.of(Node.of("in", new Op.Input(2, 2, 2)), Node.of("sq", new Op.Mul(), "in", "in"))), 2, null, 3);
    }

    @Test void selections() {
        // a channel split, a nearest 2x upsampling (each source read twice per axis) and a strided crop
        int[] twice = {0, 0, 1, 1, 2, 2};
        List<Node> nodes = List.of(Node.of("in", new Op.Input(4, 3, 3)),
                Node.of("half", new Op.Select(Op.Select.range(2, 4), Op.Select.all(3), Op.Select.all(3)), "in"),
                Node.of("up", new Op.Select(Op.Select.all(2), twice, twice), "half"),
                Node.of("crop", new Op.Select(new int[] {1}, new int[] {1, 3, 4}, new int[] {0, 5}), "up"),
                Node.of("other", new Op.Select(new int[] {0, 3, 0}, new int[] {2}, Op.Select.all(3)), "in"),
                Node.of("flat1", new Op.Flatten(), "crop"), Node.of("flat2", new Op.Flatten(), "other"),
                Node.of("cat", new Op.Concat(), "flat1", "flat2"));
        GradCheck.check(new Graph("select", nodes), 2, null, 3);
    }

    @Test void bilinearResizing() {
        for (String mode : Op.LinearResize.MODES) {
            GradCheck.check(TestGraphs.single("up-" + mode, 2, 3, 4, new Op.LinearResize(7, 5, 2.5f, 1.25f, mode)), 2, null, 3);
            GradCheck.check(TestGraphs.single("down-" + mode, 2, 5, 6, new Op.LinearResize(3, 4, 0.6f, 0.7f, mode)), 2, null, 3);
        }
    }

    @Test void nonSquarePooling() {
        float[] distinct = new float[2 * 2 * 5 * 6];
        for (int i = 0; i < distinct.length; i++) distinct[i] = ((i * 37) % distinct.length - distinct.length / 2) * 0.037f;
        GradCheck.check(TestGraphs.single("maxpool3x1", 2, 5, 6, new Op.MaxPool(3, 1, 2, 1, 1, 0)), 2, distinct, 3);
        GradCheck.check(TestGraphs.single("maxpool1x2", 2, 5, 6, new Op.MaxPool(1, 2, 1, 2, 0, 1)), 2, distinct, 3);
        GradCheck.check(TestGraphs.single("avgpool2x3", 2, 5, 6, new Op.AvgPool(2, 3, 1, 2, 1, 1)), 2, null, 3);
    }

    /** x * HardSigmoid(conv(GAP(x))): a squeeze-and-excitation gate on a c x h x h input. */
    private static List<Node> seBlock(int c, int h) {
        return List.of(Node.of("in", new Op.Input(c, h, h)),
                Node.of("gap", new Op.GlobalAvgPool(), "in"),
                Node.of("fc", TestGraphs.conv(new ConvSpec(c, c, 1, 1, 1, 1, 0, 0, 1), true, 7), "gap"),
                Node.of("gate", new Op.HardSigmoid(0.2f, 0.5f), "fc"),
                Node.of("mul", new Op.Mul(), "in", "gate"));
    }

    /** A MobileNetV3-style net on 1 x 28 x 28 images with every one of these operators, 10 classes. */
    static Graph mobileNetV3Style(long seed) {
        Random r = new Random(seed);
        float[] slopes = TestGraphs.randn(r, 8, 0.1);
        return new Graph("v3style", List.of(Node.of("in", new Op.Input(1, 28, 28)),
                Node.of("stem", TestGraphs.conv(new ConvSpec(1, 8, 3, 3, 2, 2, 1, 1, 1), true, seed + 1), "in"),
                Node.of("bn", TestGraphs.bn(8, seed + 2), "stem"),
                Node.of("hs", new Op.HardSigmoid(1f / 6, 0.5f), "bn"),
                Node.of("hswish", new Op.Mul(), "bn", "hs"), // HardSwish as dlas imports it
                Node.of("dw", TestGraphs.conv(new ConvSpec(8, 8, 3, 3, 2, 2, 1, 1, 8), true, seed + 3), "hswish"),
                Node.of("prelu", new Op.PRelu(slopes), "dw"),
                Node.of("gap", new Op.GlobalAvgPool(), "prelu"),
                Node.of("se", TestGraphs.conv(new ConvSpec(8, 8, 1, 1, 1, 1, 0, 0, 1), true, seed + 4), "gap"),
                Node.of("gate", new Op.Sigmoid(), "se"),
                Node.of("excite", new Op.Mul(), "prelu", "gate"),
                Node.of("lrn", new Op.Lrn(3, 1e-3f, 0.75f, 1f), "excite"),
                Node.of("pw", TestGraphs.conv(new ConvSpec(8, 16, 1, 1, 1, 1, 0, 0, 1), true, seed + 5), "lrn"),
                Node.of("tanh", new Op.Tanh(), "pw"),
                Node.of("clip", new Op.Clip(-0.9f, 0.9f), "tanh"),
                Node.of("pool", new Op.GlobalAvgPool(), "clip"),
                Node.of("fc", TestGraphs.dense(16, 10, true, seed + 6), "pool"),
                Node.of("softmax", new Op.Softmax(), "fc")));
    }

    @Test void forwardEqualsTheCompiledModel() {
        Graph g = mobileNetV3Style(1);
        int n = 5;
        float[] x = TestGraphs.randn(new Random(2), n * 28 * 28, 1.0);
        float[] compiled = CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(x, n);
        float[] trainer = Trainer.logits(g, x, n);
        assertArrayEquals(compiled, trainer, 2e-6f, "trainer and compiled model differ on the same graph");
    }

    @Test void pruneThenFineTuneAnImportedStyleModel() {
        DatasetSplits data = Datasets.load("fashion-mnist");
        Graph g = mobileNetV3Style(3);
        Choice choice = new Choice("prune", Map.of("sparsity", 0.5, "finetune_images", 512));
        CompressionResult tuned = Compressions.compress(g, choice, null, data.train());
        Graph t = tuned.graph();
        assertEquals(GraphStats.of(Compressions.compress(g, new Choice("prune", Map.of("sparsity", 0.5, "finetune_images", 0)), null,
                data.train()).graph()).zeroWeights(), GraphStats.of(t).zeroWeights(), "fine-tuning keeps the pruning mask");
        // every operator kept its kind, and the trained PRelu slopes moved
        for (Node n : g.nodes()) assertEquals(n.op().kind(), t.node(n.name()).op().kind(), n.name());
        float[] before = ((Op.PRelu) g.node("prelu").op()).slope(), after = ((Op.PRelu) t.node("prelu").op()).slope();
        int moved = 0;
        for (int i = 0; i < before.length; i++) if (before[i] != after[i]) moved++;
        assertTrue(moved >= 6, moved + " of 8 PRelu slopes moved");
        // gradients reach the stem's weights through every operator (its bias gets none: a BatchNorm follows)
        float[] w0 = ((Op.Conv2d) g.node("stem").op()).weight(), w1 = ((Op.Conv2d) t.node("stem").op()).weight();
        int stemMoved = 0;
        for (int i = 0; i < w0.length; i++) if (w1[i] != 0f && w1[i] != w0[i]) stemMoved++;
        assertTrue(stemMoved >= 60, stemMoved + " of 72 stem weights moved");
        assertTrue(tuned.report().summary().contains("fine-tuned on 512 training images (8 steps of 64"), tuned.report().summary());
        double acc = Trainer.accuracy(t, data.test().take(200));
        assertTrue(Double.isFinite(acc), "accuracy " + acc);
    }
}
