package org.dlas.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;

/** Finite-difference checks of every operator's backward. */
class GradientCheckTest {

    private static void conv(String name, int c, int h, int w, ConvSpec s, boolean bias) {
        GradCheck.check(TestGraphs.single(name, c, h, w, TestGraphs.conv(s, bias, 7)), 3, null, 11);
    }

    @Test void conv3x3PaddedThroughTransposedIm2col() {
        conv("conv3x3", 3, 5, 5, new ConvSpec(3, 4, 3, 3, 1, 1, 1, 1, 1), true); // C*R*S = 27 >= COLT_MIN
    }

    @Test void conv3x3StridedThroughDotProducts() {
        conv("conv3x3s2", 2, 6, 6, new ConvSpec(2, 3, 3, 3, 2, 2, 1, 1, 1), false); // C*R*S = 18
    }

    @Test void conv5x5() {
        conv("conv5x5", 1, 6, 7, new ConvSpec(1, 2, 5, 5, 1, 1, 2, 2, 1), true);
    }

    @Test void convNonSquareKernelAndStride() {
        conv("conv3x1", 2, 6, 5, new ConvSpec(2, 3, 3, 1, 2, 1, 1, 0, 1), true);
    }

    @Test void convPaddedMoreThanKernel() {
        conv("conv1x1-pad1", 2, 3, 4, new ConvSpec(2, 3, 1, 1, 1, 1, 1, 1, 1), true); // input gradient via col2im
        conv("conv3x2-pad", 2, 5, 4, new ConvSpec(2, 2, 3, 2, 1, 1, 1, 1, 1), true); // flipped-kernel input gradient
        conv("conv2x2-s3", 2, 7, 8, new ConvSpec(2, 3, 2, 2, 3, 3, 1, 0, 1), false);
    }

    @Test void groupedConv() {
        conv("grouped", 4, 5, 5, new ConvSpec(4, 6, 3, 3, 1, 1, 0, 0, 2), true);
    }

    @Test void depthwiseConv() {
        conv("depthwise", 3, 7, 7, new ConvSpec(3, 3, 3, 3, 2, 2, 1, 1, 3), false);
        conv("depthwise-s1", 4, 5, 5, new ConvSpec(4, 4, 3, 3, 1, 1, 1, 1, 4), true);
    }

    @Test void pointwiseConv() {
        conv("pointwise", 5, 4, 4, new ConvSpec(5, 4, 1, 1, 1, 1, 0, 0, 1), true);
        conv("pointwise-wide", 32, 3, 3, new ConvSpec(32, 4, 1, 1, 1, 1, 0, 0, 1), false); // transposed path
        conv("projection-s2", 4, 5, 5, new ConvSpec(4, 6, 1, 1, 2, 2, 0, 0, 1), false);
    }

    @Test void dense() {
        GradCheck.check(TestGraphs.single("dense", 2, 3, 3, TestGraphs.dense(18, 5, true, 3)), 3, null, 5);
        GradCheck.check(TestGraphs.single("dense-nobias", 7, 1, 1, TestGraphs.dense(7, 4, false, 3)), 2, null, 5);
    }

    @Test void flattenThenDense() {
        List<Node> nodes = List.of(Node.of("in", new Op.Input(3, 2, 2)), Node.of("flat", new Op.Flatten(), "in"),
                Node.of("fc", TestGraphs.dense(12, 3, true, 9), "flat"));
        GradCheck.check(new Graph("flatten", nodes), 2, null, 4);
        GradCheck.check(TestGraphs.single("flatten-only", 2, 3, 3, new Op.Flatten()), 2, null, 4);
    }

    /** Distinct values at least 0.037 apart (so a +-0.01 nudge never changes a max). */
    private static float[] distinct(int n, long seed) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < n; i++) p.add(i);
        Collections.shuffle(p, new Random(seed));
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (p.get(i) - n / 2) * 0.037f;
        return a;
    }

    @Test void maxPool() {
        GradCheck.check(TestGraphs.single("maxpool", 2, 4, 4, new Op.MaxPool(2, 2, 0)), 2, distinct(64, 1), 3);
        GradCheck.check(TestGraphs.single("maxpool-pad", 2, 5, 5, new Op.MaxPool(3, 2, 1)), 2, distinct(100, 2), 3);
        GradCheck.check(TestGraphs.single("maxpool-overlap", 1, 5, 4, new Op.MaxPool(2, 1, 0)), 3, distinct(60, 3), 3);
    }

    @Test void avgPool() {
        GradCheck.check(TestGraphs.single("avgpool", 2, 4, 4, new Op.AvgPool(2, 2, 0)), 2, null, 3);
        GradCheck.check(TestGraphs.single("avgpool-pad", 2, 5, 5, new Op.AvgPool(3, 1, 1)), 2, null, 3);
    }

    @Test void globalAvgPool() {
        GradCheck.check(TestGraphs.single("gap", 3, 4, 5, new Op.GlobalAvgPool()), 2, null, 3);
    }

    /** Values at least 0.05 away from 0 and 6 (the kinks), spread over [-8, 8]. */
    private static float[] awayFromKinks(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = r.nextFloat() * 16 - 8;
            } while (Math.abs(v) < 0.05f || Math.abs(v - 6) < 0.05f);
            a[i] = v;
        }
        return a;
    }

    @Test void relu() {
        GradCheck.check(TestGraphs.single("relu", 2, 3, 3, new Op.Relu()), 2, awayFromKinks(36, 1), 3);
    }

    @Test void relu6() {
        GradCheck.check(TestGraphs.single("relu6", 2, 3, 3, new Op.Relu6()), 2, awayFromKinks(36, 2), 3);
    }

    @Test void softmax() {
        GradCheck.check(TestGraphs.single("softmax", 6, 1, 1, new Op.Softmax()), 3, null, 3);
        GradCheck.check(TestGraphs.single("softmax-spatial", 2, 2, 2, new Op.Softmax()), 2, null, 3);
    }

    @Test void batchNormWithBatchStatistics() {
        GradCheck.check(TestGraphs.single("bn", 3, 3, 3, TestGraphs.bn(3, 4)), 4, null, 3);
        GradCheck.check(TestGraphs.single("bn-vector", 5, 1, 1, TestGraphs.bn(5, 4)), 6, null, 3);
    }

    @Test void addOfTwoBranchesAndOfOneNodeTwice() {
        List<Node> nodes = List.of(Node.of("in", new Op.Input(3, 4, 4)),
                Node.of("conv", TestGraphs.conv(new ConvSpec(3, 3, 3, 3, 1, 1, 1, 1, 1), true, 5), "in"),
                Node.of("add", new Op.Add(), "conv", "in"));
        GradCheck.check(new Graph("add", nodes), 2, null, 3);
        List<Node> twice = List.of(Node.of("in", new Op.Input(2, 3, 3)), Node.of("add", new Op.Add(), "in", "in"));
        GradCheck.check(new Graph("add-twice", twice), 2, null, 3);
    }

    @Test void concat() {
        List<Node> nodes = List.of(Node.of("in", new Op.Input(2, 4, 4)),
                Node.of("conv", TestGraphs.conv(new ConvSpec(2, 3, 3, 3, 1, 1, 1, 1, 1), false, 5), "in"),
                Node.of("cat", new Op.Concat(), "in", "conv"),
                Node.of("conv2", TestGraphs.conv(new ConvSpec(5, 2, 1, 1, 1, 1, 0, 0, 1), true, 6), "cat"),
                Node.of("cat2", new Op.Concat(), "conv2", "cat", "in"));
        GradCheck.check(new Graph("concat", nodes), 2, null, 3);
    }

    @Test void smallNetworkEndToEnd() {
        // conv -> BN -> avgpool -> concat with a 1x1 branch -> GAP -> dense: all smooth ops
        List<Node> nodes = List.of(Node.of("in", new Op.Input(1, 6, 6)),
                Node.of("c1", TestGraphs.conv(new ConvSpec(1, 4, 3, 3, 1, 1, 1, 1, 1), false, 1), "in"),
                Node.of("bn1", TestGraphs.bn(4, 2), "c1"),
                Node.of("p1", new Op.AvgPool(2, 2, 0), "bn1"),
                Node.of("dw", TestGraphs.conv(new ConvSpec(4, 4, 3, 3, 1, 1, 1, 1, 4), false, 3), "p1"),
                Node.of("pw", TestGraphs.conv(new ConvSpec(4, 4, 1, 1, 1, 1, 0, 0, 1), true, 4), "dw"),
                Node.of("res", new Op.Add(), "pw", "p1"),
                Node.of("cat", new Op.Concat(), "res", "p1"),
                Node.of("gap", new Op.GlobalAvgPool(), "cat"),
                Node.of("fc", TestGraphs.dense(8, 3, true, 5), "gap"));
        GradCheck.check(new Graph("small", nodes), 3, null, 3);
    }
}
