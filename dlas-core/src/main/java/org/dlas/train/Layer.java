package org.dlas.train;

import java.util.List;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * Forward and reverse-mode backward of one IR node over a batch. {@code backward} adds the
 * gradients of its inputs into {@code dx[i]} (null where that input needs none) and sets the
 * gradients of its own parameters.
 */
abstract class Layer {
    final Node node;
    final Shape[] in;
    final Shape out;

    Layer(Node node, Shape[] in, Shape out) {
        this.node = node;
        this.in = in;
        this.out = out;
    }

    List<Param> params() { return List.of(); }

    abstract void forward(Act[] x, Act y, boolean training);

    abstract void backward(Act[] x, Act y, Act dy, Act[] dx);

    /** The operator with the current parameters (and running statistics). */
    Op export() { return node.op(); }

    /** True when forward fills y.planes with references to input planes instead of writing values. */
    boolean aliasesInput() { return false; }

    static float[][][] partials(float[][][] cur, int tasks, int rows, int cols) {
        if (cur != null && cur.length >= tasks) return cur;
        return new float[tasks][rows][cols];
    }

    static void zero(float[][] m) { for (float[] r : m) java.util.Arrays.fill(r, 0f); }
}
