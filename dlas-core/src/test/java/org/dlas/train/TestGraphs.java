package org.dlas.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;

/** Small graphs around one operator, with random weights. */
final class TestGraphs {
    private TestGraphs() { }

    static float[] randn(Random r, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * std);
        return a;
    }

    static Op.Conv2d conv(ConvSpec s, boolean bias, long seed) {
        Random r = new Random(seed);
        return new Op.Conv2d(s, randn(r, s.weightCount(), 0.5), bias ? randn(r, s.outChannels(), 0.5) : null, null);
    }

    static Op.Dense dense(int in, int out, boolean bias, long seed) {
        Random r = new Random(seed);
        return new Op.Dense(in, out, randn(r, in * out, 0.5), bias ? randn(r, out, 0.5) : null, null);
    }

    static Op.BatchNorm bn(int c, long seed) {
        Random r = new Random(seed);
        float[] gamma = randn(r, c, 0.3), beta = randn(r, c, 0.3), mean = randn(r, c, 0.2), var = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] += 1;
            var[i] = 0.5f + r.nextFloat();
        }
        return new Op.BatchNorm(gamma, beta, mean, var, 1e-5f);
    }

    /** input(c, h, w) then the op. */
    static Graph single(String name, int c, int h, int w, Op op) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("in", new Op.Input(c, h, w)));
        nodes.add(Node.of("op", op, "in"));
        return new Graph(name, nodes);
    }
}
