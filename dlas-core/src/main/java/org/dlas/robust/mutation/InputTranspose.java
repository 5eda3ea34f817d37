package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Spatial transpose of the input as the first conv sees it: its kernels are transposed (H and W swapped). */
public final class InputTranspose extends BaseOperator {
    public InputTranspose() { super("input-transpose", "input", "the first conv reads the image with height and width swapped (its square kernels transposed)"); }
    @Override protected List<String> candidates(Graph g) {
        String in = g.nodes().get(0).name();
        return g.nodes().stream().filter(n -> n.inputs().contains(in) && n.op() instanceof Op.Conv2d c && c.quant() == null
                && c.spec().kernelH() == c.spec().kernelW() && c.spec().kernelH() > 1).map(n -> n.name()).toList();
    }
    @Override protected String needs() { return "fp32 conv with a square kernel > 1 reading the input"; }
    @Override protected Graph mutate(Graph g, String node, long seed) {
        Op.Conv2d c = (Op.Conv2d) g.node(node).op();
        int r = c.spec().kernelH();
        float[] w = c.weight(), o = new float[w.length];
        for (int base = 0; base < w.length; base += r * r) for (int y = 0; y < r; y++) for (int x = 0; x < r; x++) o[base + x * r + y] = w[base + y * r + x];
        return Edits.replaceOp(g, node, c.withWeights(o, c.bias()));
    }
}
