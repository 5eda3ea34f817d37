package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;

/** Hand-built graphs covering every IR operator, plus comparison helpers. */
final class TestGraphs {
    private TestGraphs() { }

    /** Builds graphs with seeded random weights. */
    static final class B {
        final Random rnd;
        final List<Node> nodes = new ArrayList<>();

        B(long seed) { rnd = new Random(seed); }

        float[] rand(int n, float scale) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextGaussian() * scale);
            return v;
        }

        B add(String name, Op op, String... inputs) {
            nodes.add(Node.of(name, op, inputs));
            return this;
        }

        B conv(String name, String in, int c, int k, int kh, int kw, int sh, int sw, int ph, int pw, int groups, boolean bias) {
            ConvSpec s = new ConvSpec(c, k, kh, kw, sh, sw, ph, pw, groups);
            float scale = (float) Math.sqrt(2.0 / (s.inPerGroup() * kh * kw));
            return add(name, new Op.Conv2d(s, rand(s.weightCount(), scale), bias ? rand(k, 0.1f) : null, null), in);
        }

        B dense(String name, String in, int fin, int fout, boolean bias) {
            return add(name, new Op.Dense(fin, fout, rand(fin * fout, (float) Math.sqrt(1.0 / fin)), bias ? rand(fout, 0.1f) : null, null), in);
        }

        B bn(String name, String in, int c) {
            float[] var = rand(c, 0.3f);
            for (int i = 0; i < c; i++) var[i] = Math.abs(var[i]) + 0.5f;
            float[] gamma = rand(c, 0.2f);
            for (int i = 0; i < c; i++) gamma[i] += 1f;
            return add(name, new Op.BatchNorm(gamma, rand(c, 0.1f), rand(c, 0.1f), var, 1e-3f), in);
        }

        Graph graph(String name) { return new Graph(name, nodes); }
    }

    /** A CNN with every spatial operator: strided/padded, depthwise and grouped convs, BN, relu6, pools, add, concat, GAP, flatten, dense, softmax. */
    static Graph cnn() {
        B b = new B(1);
        b.add("image", new Op.Input(3, 11, 9));
        b.conv("stem", "image", 3, 8, 3, 3, 2, 2, 1, 1, 1, true);          // 8x6x5
        b.bn("stem_bn", "stem", 8);
        b.add("stem_act", new Op.Relu6(), "stem_bn");
        b.conv("dw", "stem_act", 8, 8, 3, 3, 1, 1, 1, 1, 8, false);        // depthwise
        b.add("dw_act", new Op.Relu(), "dw");
        b.conv("pw", "dw_act", 8, 12, 1, 1, 1, 1, 0, 0, 2, true);          // grouped 1x1
        b.conv("rect", "pw", 12, 12, 3, 1, 1, 1, 1, 0, 4, true);           // non-square kernel, padH != padW
        b.add("res", new Op.Add(), "rect", "pw");
        b.add("mp", new Op.MaxPool(3, 2, 1), "res");                         // 12x3x3
        b.conv("side", "stem_act", 8, 4, 3, 3, 2, 2, 1, 1, 1, true);        // 4x3x3
        b.add("cat", new Op.Concat(), "mp", "side", "mp");                   // 28x3x3
        b.add("ap", new Op.AvgPool(3, 1, 1), "cat");                         // padded cells excluded
        b.add("ap2", new Op.AvgPool(2, 1, 0), "ap");                         // 28x2x2
        b.add("gap", new Op.GlobalAvgPool(), "ap2");
        b.add("flat", new Op.Flatten(), "gap");
        b.dense("fc", "flat", 28, 10, true);
        b.add("prob", new Op.Softmax(), "fc");
        return b.graph("cnn");
    }

    /**
     * The IR's implicit layout changes: Dense straight after a conv, Softmax over C x H x W, conv
     * and pooling after a Dense, mixed-rank Add and Concat, BN on features, dense without bias.
     */
    static Graph layouts() {
        B b = new B(2);
        b.add("x", new Op.Input(2, 5, 4));
        b.conv("c1", "x", 2, 3, 3, 3, 1, 1, 1, 1, 1, true);               // 3x5x4
        b.add("sm4", new Op.Softmax(), "c1");                               // softmax over 60 values
        b.dense("d1", "sm4", 60, 6, false);                                 // implicit flatten
        b.bn("d1_bn", "d1", 6);
        b.conv("c2", "d1_bn", 6, 6, 1, 1, 1, 1, 0, 0, 3, true);           // conv on a [N,6] tensor
        b.add("g", new Op.GlobalAvgPool(), "c1");                           // 3x1x1
        b.dense("d2", "g", 3, 6, true);                                     // 6x1x1, rank 2
        b.add("sum", new Op.Add(), "d2", "c2");                             // rank 2 + rank 4
        b.add("mp", new Op.MaxPool(1, 1, 0), "d1");                         // pooling a [N,6] tensor
        b.add("cat", new Op.Concat(), "sum", "mp", "d2");                   // 18x1x1 mixed ranks
        b.add("sm1", new Op.Softmax(), "cat");
        b.add("f", new Op.Flatten(), "sm1");
        b.add("f2", new Op.Flatten(), "f");                                 // flatten of a flat tensor
        b.add("r6", new Op.Relu6(), "f2");
        b.dense("out", "r6", 18, 5, true);
        return b.graph("layouts");
    }

    /**
     * The element-wise operators real exporters need: squeeze-and-excitation (Mul by a per-channel
     * gate), HardSwish as x * HardSigmoid(x), Sigmoid, Tanh, PRelu on images and on features,
     * Clip, LRN, and a Mul of feature vectors.
     */
    static Graph activations() {
        B b = new B(4);
        b.add("x", new Op.Input(4, 6, 5));
        b.conv("c1", "x", 4, 6, 3, 3, 1, 1, 1, 1, 1, true);                // 6x6x5
        b.add("hs_gate", new Op.HardSigmoid(1f / 6f, 0.5f), "c1");
        b.add("hswish", new Op.Mul(), "c1", "hs_gate");                      // equal shapes
        b.add("lrn", new Op.Lrn(3, 1e-2f, 0.75f, 2f), "hswish");
        b.add("pool", new Op.GlobalAvgPool(), "lrn");                        // 6x1x1
        b.conv("squeeze", "pool", 6, 6, 1, 1, 1, 1, 0, 0, 1, true);
        b.add("gate", new Op.Sigmoid(), "squeeze");
        b.add("se", new Op.Mul(), "lrn", "gate");                            // per-channel gate
        b.add("slope", new Op.PRelu(new float[] {0.1f, -0.2f, 0.3f, 0.25f, 0f, 1.5f}), "se");
        b.add("clip", new Op.Clip(-0.5f, 2f), "slope");
        b.dense("fc", "clip", 180, 8, true);                                 // rank 2 from here
        b.add("t", new Op.Tanh(), "fc");
        b.add("fprelu", new Op.PRelu(new float[] {0.5f, 0.1f, 0.2f, 0.3f, 0.4f, 0.6f, 0.7f, 0.8f}), "t");
        b.add("sq", new Op.Mul(), "fprelu", "fc");                          // features times features
        b.add("lrn2", new Op.Lrn(3, 1e-1f, 0.5f, 1f), "sq");                  // LRN of a [N,F] tensor
        b.dense("out", "lrn2", 8, 3, true);
        return b.graph("activations");
    }

    /**
     * Selections by index as Split, Resize (nearest) and Slice import them: a channel split into two
     * halves, a 2x nearest upsampling of one half, pooled back and added to the other, non-square
     * max and average pooling, a reciprocal, a strided crop, a bilinear resize, and a pick of features from a flattened vector.
     */
    static Graph selections() {
        B b = new B(5);
        b.add("x", new Op.Input(4, 6, 5));
        b.conv("c1", "x", 4, 8, 3, 3, 1, 1, 1, 1, 1, true);                  // 8x6x5
        b.add("left", new Op.Select(Op.Select.range(0, 4), Op.Select.all(6), Op.Select.all(5)), "c1");
        b.add("right", new Op.Select(Op.Select.range(4, 8), Op.Select.all(6), Op.Select.all(5)), "c1");
        b.add("up", new Op.Select(Op.Select.all(4), twice(6), twice(5)), "left");  // 4x12x10
        b.add("down", new Op.MaxPool(2, 2, 0), "up");                        // 4x6x5
        b.add("sum", new Op.Add(), "down", "right");
        b.add("squash", new Op.Clip(0.5f, 4f), "sum");
        b.add("inv", new Op.Reciprocal(), "squash");                          // in [0.25, 2]: never divides by 0
        b.add("tall", new Op.MaxPool(3, 1, 1, 2, 1, 0), "inv");              // 3x1 window, strides 1x2: 4x6x3
        b.add("wide", new Op.AvgPool(1, 2, 1, 1, 0, 1), "tall");             // 1x2 window padded on W: 4x6x4
        b.add("crop", new Op.Select(Op.Select.all(4), Op.Select.range(1, 5), new int[] {0, 2}), "wide"); // 4x4x2
        b.add("smooth", new Op.LinearResize(6, 3, 1.5f, 1.5f, "half_pixel"), "crop");  // bilinear 4x2 -> 6x3
        b.dense("fc", "smooth", 72, 6, true);
        b.add("pick", new Op.Select(new int[] {5, 0, 3}, new int[] {0}, new int[] {0}), "fc"); // features of [N,F]
        b.dense("out", "pick", 3, 2, true);
        return b.graph("selections");
    }

    /** 0, 0, 1, 1, ..., n-1, n-1: nearest-neighbour doubling. */
    private static int[] twice(int n) {
        int[] a = new int[2 * n];
        for (int i = 0; i < a.length; i++) a[i] = i / 2;
        return a;
    }

    /** A multilayer perceptron on feature vectors (input F x 1 x 1). */
    static Graph mlp() {
        B b = new B(3);
        b.add("features", new Op.Input(7, 1, 1));
        b.dense("h1", "features", 7, 9, true);
        b.add("h1_act", new Op.Relu(), "h1");
        b.dense("h2", "h1_act", 9, 4, true);
        b.add("p", new Op.Softmax(), "h2");
        return b.graph("mlp");
    }

    /** {@link #cnn()} with symmetric int8 quantisation on the stem conv and the classifier. */
    static Graph quantised() {
        return cnn().mapOps(n -> {
            if (n.name().equals("stem") && n.op() instanceof Op.Conv2d c) return c.withQuant(quantise(c.weight(), c.spec().outChannels()));
            if (n.name().equals("fc") && n.op() instanceof Op.Dense d) return d.withQuant(quantise(d.weight(), d.out()));
            return n.op();
        });
    }

    static Int8Params quantise(float[] w, int channels) {
        int per = w.length / channels;
        byte[] q = new byte[w.length];
        float[] scales = new float[channels];
        for (int k = 0; k < channels; k++) {
            float max = 1e-8f;
            for (int i = 0; i < per; i++) max = Math.max(max, Math.abs(w[k * per + i]));
            scales[k] = max / 127f;
            for (int i = 0; i < per; i++) q[k * per + i] = (byte) Math.round(w[k * per + i] / scales[k]);
        }
        return new Int8Params(q, scales, 0.05f, 3);
    }

    static float[] images(Graph g, int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * g.inputShape().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    static float[] run(Graph g, float[] images, int n) {
        return CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(images, n);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "lengths");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    /** Same nodes in the same order: names, wiring, operator and every parameter bit-identical. */
    static void assertSameGraph(Graph expected, Graph actual) {
        assertEquals(expected.name(), actual.name(), "graph name");
        List<String> en = expected.nodes().stream().map(n -> n.name() + ":" + n.op().kind() + n.inputs()).toList();
        List<String> an = actual.nodes().stream().map(n -> n.name() + ":" + n.op().kind() + n.inputs()).toList();
        assertEquals(en, an, "nodes and wiring");
        assertEquals(expected.output(), actual.output(), "output node");
        for (int i = 0; i < expected.nodes().size(); i++) {
            Node e = expected.nodes().get(i), a = actual.nodes().get(i);
            assertSameValue(e.op(), a.op(), e.name());
        }
        assertEquals(expected.shapes(), actual.shapes(), "shapes");
    }

    static void assertSameValue(Object e, Object a, String where) {
        if (e == null || a == null) {
            assertEquals(e, a, where);
            return;
        }
        assertEquals(e.getClass(), a.getClass(), where);
        if (e instanceof float[] fe) {
            float[] fa = (float[]) a;
            assertEquals(fe.length, fa.length, where + " length");
            for (int i = 0; i < fe.length; i++) {
                if (Float.floatToRawIntBits(fe[i]) != Float.floatToRawIntBits(fa[i])) fail(where + "[" + i + "]: " + fe[i] + " != " + fa[i]);
            }
        } else if (e instanceof byte[] be) {
            assertArrayEquals(be, (byte[]) a, where);
        } else if (e instanceof int[] ie) {
            assertArrayEquals(ie, (int[]) a, where);
        } else if (e.getClass().isRecord()) {
            for (RecordComponent rc : e.getClass().getRecordComponents()) {
                try {
                    assertSameValue(rc.getAccessor().invoke(e), rc.getAccessor().invoke(a), where + "." + rc.getName());
                } catch (ReflectiveOperationException ex) {
                    throw new AssertionError(ex);
                }
            }
        } else {
            assertTrue(e.equals(a), where + ": " + e + " != " + a);
        }
    }

    static String describe(float[] v) { return Arrays.toString(Arrays.copyOf(v, Math.min(6, v.length))); }
}
