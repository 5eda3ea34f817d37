package org.dlas.train;

import java.util.Arrays;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/** Fully connected layer on the flattened input (C x H x W features in C, H, W order). */
final class DenseLayer extends WeightedLayer {
    private final int F, O;

    DenseLayer(Node node, Shape[] in, Shape out) {
        super(node, in, out, dense(node).weight(), dense(node).bias(), dense(node).out(), dense(node).in());
        Op.Dense op = dense(node);
        F = op.in();
        O = op.out();
    }

    private static Op.Dense dense(Node node) { return (Op.Dense) node.op(); }

    @Override Op export() {
        Op.Dense op = (Op.Dense) node.op();
        return new Op.Dense(F, O, weight.flat(), exportedBias(), op.quant());
    }

    @Override void forward(Act[] xs, Act y, boolean training) {
        Act x = xs[0];
        Par.images(x.n, (long) F * O, (task, from, to) -> {
            float[] v = Scratch.get().vec(Scratch.VEC, F);
            for (int b = from; b < to; b++) {
                x.copyImage(b, v, 0);
                for (int o = 0; o < O; o++) {
                    y.planes[b * O + o][0] = (bias == null ? 0f : bias.value[0][o]) + Gemm.dot(weight.value[o], v, F);
                }
            }
        });
    }

    @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
        Act x = xs[0], dx = dxs[0];
        int tasks = Par.tasks(x.n, Par.CHUNK);
        preparePartials(tasks);
        Par.images(x.n, 2L * F * O, (task, from, to) -> {
            float[][] pw = weightPartial(task);
            float[] pb = biasPartial(task);
            Scratch sc = Scratch.get();
            float[] v = sc.vec(Scratch.VEC, F), dv = sc.vec(Scratch.VEC2, F);
            for (int b = from; b < to; b++) {
                x.copyImage(b, v, 0);
                if (dx != null) Arrays.fill(dv, 0, F, 0f);
                for (int o = 0; o < O; o++) {
                    float g = dy.planes[b * O + o][0];
                    if (pb != null) pb[o] += g;
                    if (g == 0f) continue;
                    float[] row = pw[o];
                    for (int f = 0; f < F; f++) row[f] += g * v[f];
                    if (dx != null) {
                        float[] w = weight.value[o];
                        for (int f = 0; f < F; f++) dv[f] += g * w[f];
                    }
                }
                if (dx != null) {
                    int hw = dx.hw();
                    for (int c = 0; c < dx.c; c++) {
                        float[] p = dx.planes[b * dx.c + c];
                        for (int j = 0; j < hw; j++) p[j] += dv[c * hw + j];
                    }
                }
            }
        });
        reduceGradients(tasks);
    }
}
