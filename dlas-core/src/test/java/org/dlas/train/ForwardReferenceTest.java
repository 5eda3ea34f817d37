package org.dlas.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;

/** The trainer's forward against direct loops written from the operator definitions. */
class ForwardReferenceTest {

    static float[] naiveConv(float[] x, int n, int C, int H, int W, Op.Conv2d op) {
        ConvSpec s = op.spec();
        int K = s.outChannels(), OH = s.outH(H), OW = s.outW(W), Cg = s.inPerGroup(), Kg = s.outPerGroup();
        float[] y = new float[n * K * OH * OW];
        for (int b = 0; b < n; b++)
            for (int k = 0; k < K; k++) {
                int g = k / Kg;
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++) {
                        double acc = op.bias() == null ? 0 : op.bias()[k];
                        for (int c = 0; c < Cg; c++)
                            for (int r = 0; r < s.kernelH(); r++)
                                for (int q = 0; q < s.kernelW(); q++) {
                                    int ih = oh * s.strideH() - s.padH() + r, iw = ow * s.strideW() - s.padW() + q;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                    acc += (double) op.weight()[((k * Cg + c) * s.kernelH() + r) * s.kernelW() + q]
                                            * x[((b * C + g * Cg + c) * H + ih) * W + iw];
                                }
                        y[((b * K + k) * OH + oh) * OW + ow] = (float) acc;
                    }
            }
        return y;
    }

    private static float[] input(int len, long seed) {
        Random r = new Random(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, float tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void convolutionsMatchDirectLoops() {
        ConvSpec[] specs = {
            new ConvSpec(3, 8, 3, 3, 1, 1, 1, 1, 1), new ConvSpec(2, 5, 5, 5, 1, 1, 2, 2, 1),
            new ConvSpec(4, 6, 3, 3, 2, 2, 1, 1, 2), new ConvSpec(6, 6, 3, 3, 2, 2, 1, 1, 6),
            new ConvSpec(16, 12, 1, 1, 1, 1, 0, 0, 1), new ConvSpec(4, 8, 1, 1, 2, 2, 0, 0, 1),
            new ConvSpec(3, 7, 3, 2, 1, 2, 0, 1, 1), new ConvSpec(40, 9, 3, 3, 1, 1, 1, 1, 1),
            new ConvSpec(2, 3, 1, 1, 1, 1, 1, 1, 1), new ConvSpec(2, 3, 2, 2, 3, 3, 1, 0, 1), new ConvSpec(4, 4, 5, 5, 2, 1, 2, 2, 4),
        };
        int n = 11; // not a multiple of the chunk size
        for (ConvSpec s : specs) {
            int C = s.inChannels(), H = 9, W = 8;
            Op.Conv2d op = TestGraphs.conv(s, s.groups() == 1, 3);
            Graph g = TestGraphs.single("conv", C, H, W, op);
            float[] x = input(n * C * H * W, 5);
            assertClose(naiveConv(x, n, C, H, W, op), Trainer.logits(g, x, n), 1e-4f);
        }
    }

    @Test
    void denseMatchesDirectLoops() {
        Op.Dense d = TestGraphs.dense(2 * 3 * 4, 7, true, 2);
        Graph g = TestGraphs.single("dense", 2, 3, 4, d);
        int n = 10;
        float[] x = input(n * 24, 1);
        float[] expected = new float[n * 7];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < 7; o++) {
                double acc = d.bias()[o];
                for (int f = 0; f < 24; f++) acc += (double) d.weight()[o * 24 + f] * x[b * 24 + f];
                expected[b * 7 + o] = (float) acc;
            }
        assertClose(expected, Trainer.logits(g, x, n), 1e-5f);
    }

    @Test
    void poolingAndBatchNormInEvaluation() {
        int C = 2, H = 5, W = 5, n = 3;
        float[] x = input(n * C * H * W, 9);
        // avgpool k3 s2 p1 excludes padded cells from the divisor
        float[] avg = Trainer.logits(TestGraphs.single("avg", C, H, W, new Op.AvgPool(3, 2, 1)), x, n);
        float[] max = Trainer.logits(TestGraphs.single("max", C, H, W, new Op.MaxPool(3, 2, 1)), x, n);
        for (int b = 0; b < n; b++)
            for (int c = 0; c < C; c++)
                for (int oh = 0; oh < 3; oh++)
                    for (int ow = 0; ow < 3; ow++) {
                        double s = 0;
                        float m = Float.NEGATIVE_INFINITY;
                        int cnt = 0;
                        for (int ih = oh * 2 - 1; ih < oh * 2 + 2; ih++)
                            for (int iw = ow * 2 - 1; iw < ow * 2 + 2; iw++) {
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                float v = x[((b * C + c) * H + ih) * W + iw];
                                s += v;
                                m = Math.max(m, v);
                                cnt++;
                            }
                        int o = ((b * C + c) * 3 + oh) * 3 + ow;
                        assertEquals(s / cnt, avg[o], 1e-6);
                        assertEquals(m, max[o]);
                    }
        Op.BatchNorm bn = TestGraphs.bn(C, 3);
        float[] y = Trainer.logits(TestGraphs.single("bn", C, H, W, bn), x, n);
        for (int i = 0; i < x.length; i++) {
            int c = (i / (H * W)) % C;
            double e = bn.gamma()[c] * (x[i] - bn.mean()[c]) / Math.sqrt(bn.var()[c] + bn.eps()) + bn.beta()[c];
            assertEquals(e, y[i], 1e-5);
        }
        float[] gap = Trainer.logits(TestGraphs.single("gap", C, H, W, new Op.GlobalAvgPool()), x, n);
        for (int p = 0; p < n * C; p++) {
            double s = 0;
            for (int j = 0; j < H * W; j++) s += x[p * H * W + j];
            assertEquals(s / (H * W), gap[p], 1e-6);
        }
    }

    @Test
    void concatRelu6AndSoftmax() {
        List<Node> nodes = List.of(Node.of("in", new Op.Input(2, 2, 2)), Node.of("r6", new Op.Relu6(), "in"),
                Node.of("r", new Op.Relu(), "in"), Node.of("cat", new Op.Concat(), "r6", "in", "r"),
                Node.of("flat", new Op.Flatten(), "cat"), Node.of("sm", new Op.Softmax(), "flat"));
        float[] x = {-1, 2, 7, 0.5f, 3, -4, 8, 1};
        float[] cat = Trainer.logits(new Graph("cat", nodes.subList(0, 4)), x, 1);
        float[] expected = {0, 2, 6, 0.5f, 3, 0, 6, 1, -1, 2, 7, 0.5f, 3, -4, 8, 1, 0, 2, 7, 0.5f, 3, 0, 8, 1};
        assertArrayEquals(expected, cat);
        float[] sm = Trainer.logits(new Graph("sm", nodes), x, 1);
        double z = 0;
        for (float v : expected) z += Math.exp(v);
        for (int i = 0; i < expected.length; i++) assertEquals(Math.exp(expected[i]) / z, sm[i], 1e-6);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        Act logits = new Act(3, 5, 1, 1, true), grad = new Act(3, 5, 1, 1, true);
        float[] v = input(15, 4);
        logits.fromArray(v, 0);
        int[] labels = {4, 0, 2};
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.compute(logits, labels, null, 0, grad);
        double expectLoss = 0;
        for (int b = 0; b < 3; b++) {
            double z = 0;
            for (int k = 0; k < 5; k++) z += Math.exp(v[b * 5 + k]);
            expectLoss += Math.log(z) - v[b * 5 + labels[b]];
        }
        assertEquals(expectLoss / 3, r.loss(), 1e-9);
        float[] g = grad.toArray();
        for (int i = 0; i < 15; i++) {
            float keep = v[i];
            v[i] = keep + 1e-3f;
            logits.fromArray(v, 0);
            double lp = SoftmaxCrossEntropy.compute(logits, labels, null, 0, null).loss();
            v[i] = keep - 1e-3f;
            logits.fromArray(v, 0);
            double lm = SoftmaxCrossEntropy.compute(logits, labels, null, 0, null).loss();
            v[i] = keep;
            assertEquals((lp - lm) / 2e-3, g[i], 2e-3);
        }
    }
}
