package org.dlas.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Node;
import org.dlas.ir.Shape;

/**
 * A layer with a trained weight matrix ({@code rows} outputs x {@code cols} reduction) and an
 * optional bias per output (conv, dense). Backward passes sum their gradients per task of
 * {@link Par#images} into partials that {@link #reduceGradients} adds in task order, so results do
 * not depend on scheduling.
 */
abstract class WeightedLayer extends Layer {
    final Param weight, bias;
    private final int rows, cols;
    private float[][][] partW;
    private float[][] partB;

    WeightedLayer(Node node, Shape[] in, Shape out, float[] w, float[] b, int rows, int cols) {
        super(node, in, out);
        this.rows = rows;
        this.cols = cols;
        weight = Param.of(node.name() + ".weight", w, rows, true);
        bias = b == null ? null : Param.of(node.name() + ".bias", b, 1, false);
    }

    @Override List<Param> params() {
        List<Param> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) p.add(bias);
        return p;
    }

    /** The bias as exported to the graph, or null. */
    float[] exportedBias() { return bias == null ? null : bias.flat(); }

    /** Makes room for the partial gradients of {@code tasks} tasks. */
    void preparePartials(int tasks) {
        partW = partials(partW, tasks, rows, cols);
        if (bias != null && (partB == null || partB.length < tasks)) partB = new float[tasks][rows];
    }

    /** Task {@code task}'s weight-gradient partial, zeroed. */
    float[][] weightPartial(int task) {
        float[][] pw = partW[task];
        zero(pw);
        return pw;
    }

    /** Task {@code task}'s bias-gradient partial, zeroed; null without a bias. */
    float[] biasPartial(int task) {
        float[] pb = bias == null ? null : partB[task];
        if (pb != null) Arrays.fill(pb, 0f);
        return pb;
    }

    /** The gradients: the partials of {@code tasks} tasks summed in task order. */
    void reduceGradients(int tasks) {
        weight.reduce(partW, tasks);
        if (bias != null) {
            float[] gb = bias.grad[0];
            System.arraycopy(partB[0], 0, gb, 0, rows);
            for (int t = 1; t < tasks; t++) for (int r = 0; r < rows; r++) gb[r] += partB[t][r];
        }
    }
}
