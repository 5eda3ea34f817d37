package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.robust.mutation.Edits;

/**
 * Parameter stage, layer by layer: the weights and biases of matched conv/dense layers and the
 * statistics of matched BatchNorms, with the largest absolute and relative difference. When the
 * converted weights are the source's in another order, the fault is a layout (hyperparameter)
 * fault: the known layouts (NHWC columns after Flatten, swapped kernel axes, transposed square
 * matrix) are recognised and undone; any other permutation is reported as one.
 */
final class ParameterComparison {
    private final Graph source, converted;

    ParameterComparison(Graph source, Graph converted) {
        this.source = source;
        this.converted = converted;
    }

    List<Finding> findings(StructureComparison structure) {
        List<Finding> out = new ArrayList<>();
        for (Node s : source.nodes()) {
            if (!structure.matched(s.name())) continue;
            Op now = converted.node(s.name()).op();
            if (s.op() instanceof Op.Conv2d || s.op() instanceof Op.Dense) macLayer(s, now, out);
            else if (s.op() instanceof Op.BatchNorm bn) batchNorm(s.name(), bn, (Op.BatchNorm) now, out);
        }
        return out;
    }

    private void macLayer(Node s, Op now, List<Finding> out) {
        float[] ws = Edits.weight(s.op()), wc = Edits.weight(now), bs = Edits.bias(s.op()), bc = Edits.bias(now);
        if (ws.length != wc.length) return; // a shape hyperparameter differs: reported and fixed there
        boolean weightsDiffer = !java.util.Arrays.equals(ws, wc), biasDiffers = !java.util.Arrays.equals(bs, bc);
        if (!weightsDiffer && !biasDiffers) return;
        if (weightsDiffer && !biasDiffers) {
            Finding layout = layout(s, now, ws, wc);
            if (layout != null) { out.add(layout); return; }
        }
        String evidence = (weightsDiffer ? "weights " + Difference.of(ws, wc) : "weights equal")
                + (biasDiffers ? "; bias " + (bs == null || bc == null ? "present on one side only" : Difference.of(bs, bc)) : "");
        Op sourceOp = s.op();
        out.add(new Finding(Stage.PARAMETERS, s.name(), evidence, GraphFix.of("copy the source weights and bias of '" + s.name() + "'",
                g -> Edits.replaceOp(g, s.name(), Edits.withWeights(g.node(s.name()).op(), Edits.weight(sourceOp), Edits.bias(sourceOp))))));
    }

    /** A layout finding when {@code wc} is {@code ws} permuted in a recognised (or any) way; null otherwise. */
    private Finding layout(Node s, Op now, float[] ws, float[] wc) {
        if (!Layouts.sameValues(ws, wc)) return null;
        String name = s.name();
        if (s.op() instanceof Op.Dense d) {
            Shape map = flattenedMap(s);
            if (map != null) {
                int[] toNhwc = Layouts.nchwToNhwcColumns(map.channels(), map.height(), map.width());
                if (java.util.Arrays.equals(Layouts.permuteColumns(ws, d.out(), d.in(), toNhwc), wc)) {
                    int[] back = Layouts.inverse(toNhwc);
                    return new Finding(Stage.HYPERPARAMETERS, name, "layout: weight columns are the source's in NHWC order for the flattened "
                            + map + " map (" + Difference.of(ws, wc) + " before reordering, equal after)",
                            GraphFix.of("reorder the weight columns of '" + name + "' from NHWC to NCHW", g -> {
                                Op.Dense cur = (Op.Dense) g.node(name).op();
                                return Edits.replaceOp(g, name, cur.withWeights(Layouts.permuteColumns(cur.weight(), cur.out(), cur.in(), back), cur.bias()));
                            }));
                }
            }
            if (d.in() == d.out() && java.util.Arrays.equals(Layouts.transpose(ws, d.out(), d.in()), wc)) {
                return new Finding(Stage.HYPERPARAMETERS, name, "layout: the weight matrix is the source's transposed",
                        GraphFix.of("transpose the weight matrix of '" + name + "' back", g -> {
                            Op.Dense cur = (Op.Dense) g.node(name).op();
                            return Edits.replaceOp(g, name, cur.withWeights(Layouts.transpose(cur.weight(), cur.in(), cur.out()), cur.bias()));
                        }));
            }
        }
        if (s.op() instanceof Op.Conv2d c && c.spec().kernelH() == c.spec().kernelW()
                && java.util.Arrays.equals(Layouts.transposeKernels(ws, ws.length / (c.spec().kernelH() * c.spec().kernelW()), c.spec().kernelH(), c.spec().kernelW()), wc)) {
            int k = c.spec().kernelH();
            return new Finding(Stage.HYPERPARAMETERS, name, "layout: kernel height and width axes swapped (HW vs WH)",
                    GraphFix.of("swap the kernel axes of '" + name + "' back", g -> {
                        Op.Conv2d cur = (Op.Conv2d) g.node(name).op();
                        return Edits.replaceOp(g, name, cur.withWeights(Layouts.transposeKernels(cur.weight(), cur.weight().length / (k * k), k, k), cur.bias()));
                    }));
        }
        Op sourceOp = s.op();
        return new Finding(Stage.HYPERPARAMETERS, name, "layout: the weights are a permutation of the source's (same values, "
                + Difference.of(ws, wc) + "), in no known layout",
                GraphFix.of("copy the source weights of '" + name + "'", g -> Edits.replaceOp(g, name, Edits.withWeights(g.node(name).op(), Edits.weight(sourceOp), Edits.bias(g.node(name).op())))));
    }

    private Shape flattenedMap(Node dense) {
        Node in = source.node(dense.inputs().get(0));
        if (!(in.op() instanceof Op.Flatten)) return null;
        Shape s = source.shape(in.inputs().get(0));
        return s.height() * s.width() > 1 ? s : null;
    }

    private static void batchNorm(String name, Op.BatchNorm s, Op.BatchNorm c, List<Finding> out) {
        List<String> parts = new ArrayList<>();
        compare("gamma", s.gamma(), c.gamma(), parts);
        compare("beta", s.beta(), c.beta(), parts);
        compare("mean", s.mean(), c.mean(), parts);
        compare("var", s.var(), c.var(), parts);
        if (parts.isEmpty()) return;
        out.add(new Finding(Stage.PARAMETERS, name, String.join("; ", parts), GraphFix.of("copy the source statistics of BatchNorm '" + name + "'",
                g -> Edits.replaceOp(g, name, new Op.BatchNorm(s.gamma(), s.beta(), s.mean(), s.var(), ((Op.BatchNorm) g.node(name).op()).eps())))));
    }

    private static void compare(String what, float[] a, float[] b, List<String> parts) {
        if (!java.util.Arrays.equals(a, b)) parts.add(what + " " + (a.length == b.length ? Difference.of(a, b) : a.length + " vs " + b.length + " values"));
    }

    /** Largest absolute and relative (to the largest source magnitude) difference, and how many values differ. */
    record Difference(double maxAbs, double maxRel, int differing, int total) {
        static Difference of(float[] source, float[] converted) {
            double maxAbs = 0, scale = 0;
            int n = 0;
            for (int i = 0; i < source.length; i++) {
                double d = Math.abs(source[i] - converted[i]);
                if (d > 0) n++;
                maxAbs = Math.max(maxAbs, d);
                scale = Math.max(scale, Math.abs(source[i]));
            }
            return new Difference(maxAbs, scale == 0 ? Double.POSITIVE_INFINITY : maxAbs / scale, n, source.length);
        }

        @Override public String toString() {
            return String.format(Locale.ROOT, "differ: max abs %.3g, max rel %.3g, %d of %d values", maxAbs, maxRel, differing, total);
        }
    }
}
