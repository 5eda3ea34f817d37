package org.dlas.compression;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.runtime.ActivationObserver;
import org.dlas.runtime.CompiledModel;

/** Small hand-built graphs with seeded random weights, and helpers to run them. */
final class TestGraphs {
    /** The kernels' direct reference (fp32 and int8) runs every test graph. */
    static final org.dlas.kernels.ConvPrimitive DIRECT = org.dlas.kernels.Primitives.create("direct", java.util.Map.of());
    private TestGraphs() { }

    static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * scale);
        return a;
    }

    static Op.Conv2d conv(Random rnd, int c, int k, int kernel, int stride, int pad, int groups) {
        ConvSpec s = new ConvSpec(c, k, kernel, kernel, stride, stride, pad, pad, groups);
        double he = Math.sqrt(2.0 / (s.inPerGroup() * kernel * kernel));
        return new Op.Conv2d(s, random(rnd, s.weightCount(), he), random(rnd, k, 0.1), null);
    }

    static Op.Dense dense(Random rnd, int in, int out) {
        return new Op.Dense(in, out, random(rnd, in * out, Math.sqrt(1.0 / in)), random(rnd, out, 0.1), null);
    }

    static Op.BatchNorm bn(Random rnd, int c) {
        float[] gamma = new float[c], beta = new float[c], mean = new float[c], var = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = (float) (0.5 + rnd.nextDouble());
            beta[i] = (float) (rnd.nextGaussian() * 0.2);
            mean[i] = (float) (rnd.nextGaussian() * 0.3);
            var[i] = (float) (0.5 + rnd.nextDouble());
        }
        return new Op.BatchNorm(gamma, beta, mean, var, 1e-5f);
    }

    /** input 3x12x12 - conv1(8) bn relu maxpool - conv2(16) bn relu - flatten - dense(10). */
    static Graph cnn(long seed) {
        Random rnd = new Random(seed);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("input", new Op.Input(3, 12, 12)));
        n.add(Node.of("conv1", conv(rnd, 3, 8, 3, 1, 1, 1), "input"));
        n.add(Node.of("bn1", bn(rnd, 8), "conv1"));
        n.add(Node.of("relu1", new Op.Relu(), "bn1"));
        n.add(Node.of("pool1", new Op.MaxPool(2, 2, 0), "relu1"));
        n.add(Node.of("conv2", conv(rnd, 8, 16, 3, 1, 1, 1), "pool1"));
        n.add(Node.of("bn2", bn(rnd, 16), "conv2"));
        n.add(Node.of("relu2", new Op.Relu(), "bn2"));
        n.add(Node.of("flat", new Op.Flatten(), "relu2"));
        n.add(Node.of("fc", dense(rnd, 16 * 6 * 6, 10), "flat"));
        return new Graph("cnn", n);
    }

    /** Like {@link #cnn} without BatchNorm: conv1 relu maxpool conv2 relu flatten dense. */
    static Graph cnnNoBn(long seed) {
        Random rnd = new Random(seed);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("input", new Op.Input(3, 12, 12)));
        n.add(Node.of("conv1", conv(rnd, 3, 8, 3, 1, 1, 1), "input"));
        n.add(Node.of("relu1", new Op.Relu(), "conv1"));
        n.add(Node.of("pool1", new Op.MaxPool(2, 2, 0), "relu1"));
        n.add(Node.of("conv2", conv(rnd, 8, 16, 3, 1, 1, 1), "pool1"));
        n.add(Node.of("relu2", new Op.Relu(), "conv2"));
        n.add(Node.of("flat", new Op.Flatten(), "relu2"));
        n.add(Node.of("fc", dense(rnd, 16 * 6 * 6, 10), "flat"));
        return new Graph("cnn-nobn", n);
    }

    /**
     * input 4x8x8 - conv0(8) relu0 - conv1(8) bn1 relu1 - conv2(8) bn2 - add(bn2, relu0) relu - gap - dense(5).
     */
    static Graph residual(long seed) {
        Random rnd = new Random(seed);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("input", new Op.Input(4, 8, 8)));
        n.add(Node.of("conv0", conv(rnd, 4, 8, 3, 1, 1, 1), "input"));
        n.add(Node.of("relu0", new Op.Relu(), "conv0"));
        n.add(Node.of("conv1", conv(rnd, 8, 8, 3, 1, 1, 1), "relu0"));
        n.add(Node.of("bn1", bn(rnd, 8), "conv1"));
        n.add(Node.of("relu1", new Op.Relu(), "bn1"));
        n.add(Node.of("conv2", conv(rnd, 8, 8, 3, 1, 1, 1), "relu1"));
        n.add(Node.of("bn2", bn(rnd, 8), "conv2"));
        n.add(Node.of("add", new Op.Add(), "bn2", "relu0"));
        n.add(Node.of("relu", new Op.Relu(), "add"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "relu"));
        n.add(Node.of("fc", dense(rnd, 8, 5), "gap"));
        return new Graph("residual", n);
    }

    /** input 3x8x8 - convA(6) relu, convB(4) relu - concat(10) - convC(8) relu - gap - flatten - dense(4). */
    static Graph concat(long seed) {
        Random rnd = new Random(seed);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("input", new Op.Input(3, 8, 8)));
        n.add(Node.of("convA", conv(rnd, 3, 6, 3, 1, 1, 1), "input"));
        n.add(Node.of("reluA", new Op.Relu(), "convA"));
        n.add(Node.of("convB", conv(rnd, 3, 4, 1, 1, 0, 1), "input"));
        n.add(Node.of("reluB", new Op.Relu(), "convB"));
        n.add(Node.of("cat", new Op.Concat(), "reluA", "reluB"));
        n.add(Node.of("convC", conv(rnd, 10, 8, 3, 1, 1, 1), "cat"));
        n.add(Node.of("reluC", new Op.Relu(), "convC"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "reluC"));
        n.add(Node.of("flat", new Op.Flatten(), "gap"));
        n.add(Node.of("fc", dense(rnd, 8, 4), "flat"));
        return new Graph("concat", n);
    }

    /** input 3x8x8 - pw1(8, 1x1) bn relu6 - dw(8, 3x3 s2) bn relu6 - pw2(12, 1x1) relu - gap - flatten - dense(5). */
    static Graph depthwise(long seed) {
        Random rnd = new Random(seed);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("input", new Op.Input(3, 8, 8)));
        n.add(Node.of("pw1", conv(rnd, 3, 8, 1, 1, 0, 1), "input"));
        n.add(Node.of("bn1", bn(rnd, 8), "pw1"));
        n.add(Node.of("relu1", new Op.Relu6(), "bn1"));
        n.add(Node.of("dw", conv(rnd, 8, 8, 3, 2, 1, 8), "relu1"));
        n.add(Node.of("bn2", bn(rnd, 8), "dw"));
        n.add(Node.of("relu2", new Op.Relu6(), "bn2"));
        n.add(Node.of("pw2", conv(rnd, 8, 12, 1, 1, 0, 1), "relu2"));
        n.add(Node.of("relu3", new Op.Relu(), "pw2"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "relu3"));
        n.add(Node.of("flat", new Op.Flatten(), "gap"));
        n.add(Node.of("fc", dense(rnd, 12, 5), "flat"));
        return new Graph("depthwise", n);
    }

    static float[] images(Graph g, int count, long seed) {
        return random(new Random(seed), count * g.inputShape().size(), 1.0);
    }

    static CalibrationData calibration(Graph g, int count, long seed) {
        return new CalibrationData(images(g, count, seed), count);
    }

    static float[] run(Graph g, float[] images, int n) {
        return CompiledModel.compile(g, DIRECT, DIRECT).forward(images, n);
    }

    static float[] run(Graph g, float[] images, int n, ActivationObserver obs) {
        return CompiledModel.compile(g, DIRECT, DIRECT).forward(images, n, obs);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** ||a - b|| / ||b||. */
    static double relativeError(float[] a, float[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (double) (a[i] - b[i]);
            den += b[i] * (double) b[i];
        }
        return Math.sqrt(num / den);
    }

    static Op.Conv2d convOf(Graph g, String name) { return (Op.Conv2d) g.node(name).op(); }

    static Op.Dense denseOf(Graph g, String name) { return (Op.Dense) g.node(name).op(); }
}
