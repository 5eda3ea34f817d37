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
 * matrix) are recognised when undoing one brings the weights at least halfway closer, and undone;
 * what still differs after that is a parameter finding too. Any other permutation is reported as one.
 */
final class ParameterComparison {
    private final Graph source;

    ParameterComparison(Graph source) {
        this.source = source;
    }

    List<Finding> findings(StructureComparison structure) {
        List<Finding> out = new ArrayList<>();
        for (StructureComparison.MatchedNode m : structure.matchedNodes()) {
            Node s = m.source();
            Op now = m.converted();
            if (s.op() instanceof Op.Conv2d || s.op() instanceof Op.Dense) macLayer(s, now, out);
            else if (s.op() instanceof Op.BatchNorm bn) batchNorm(s.name(), bn, (Op.BatchNorm) now, out);
        }
        return out;
    }

    private void macLayer(Node s, Op now, List<Finding> out) {
        float[] ws = Edits.weight(s.op()), wc = Edits.weight(now), bs = Edits.bias(s.op()), bc = Edits.bias(now);
        if (ws.length != wc.length) return; // a shape hyperparameter differs: reported and fixed there
        boolean biasDiffers = !java.util.Arrays.equals(bs, bc);
        if (java.util.Arrays.equals(ws, wc) && !biasDiffers) return;
        float[] compared = wc;
        boolean weightsEqual = java.util.Arrays.equals(ws, wc);
        KnownLayout layout = weightsEqual ? null : layoutOf(s, ws, wc);
        if (layout != null) {
            compared = layout.undo().apply(wc);
            boolean exact = java.util.Arrays.equals(ws, compared);
            out.add(new Finding(Stage.HYPERPARAMETERS, s.name(), "layout: " + layout.evidence() + " (" + Difference.of(ws, wc) + " as stored; "
                    + (exact ? "equal" : "rms difference " + fmt(rms(ws, compared)) + " instead of " + fmt(rms(ws, wc))) + " once reordered)",
                    GraphFix.of(layout.action() + " of '" + s.name() + "'", g -> {
                        Op cur = g.node(s.name()).op();
                        return Edits.replaceOp(g, s.name(), Edits.withWeights(cur, layout.undo().apply(Edits.weight(cur)), Edits.bias(cur)));
                    })));
        } else if (!weightsEqual && Layouts.sameValues(ws, wc)) {
            Op sourceOp = s.op();
            out.add(new Finding(Stage.HYPERPARAMETERS, s.name(), "layout: the weights are a permutation of the source's (same values, "
                    + Difference.of(ws, wc) + "), in no known layout", GraphFix.of("copy the source weights of '" + s.name() + "'",
                    g -> Edits.replaceOp(g, s.name(), Edits.withWeights(g.node(s.name()).op(), Edits.weight(sourceOp), Edits.bias(g.node(s.name()).op()))))));
            compared = ws;
        }
        boolean weightsDiffer = !java.util.Arrays.equals(ws, compared);
        if (!weightsDiffer && !biasDiffers) return;
        String evidence = (weightsDiffer ? "weights " + (layout != null ? "(once reordered) " : "") + Difference.of(ws, compared) : "weights equal")
                + (biasDiffers ? "; bias " + (bs == null || bc == null ? "present on one side only" : Difference.of(bs, bc)) : "");
        Op sourceOp = s.op();
        out.add(new Finding(Stage.PARAMETERS, s.name(), evidence, GraphFix.of("copy the source weights and bias of '" + s.name() + "'",
                g -> Edits.replaceOp(g, s.name(), Edits.withWeights(g.node(s.name()).op(), Edits.weight(sourceOp), Edits.bias(sourceOp))))));
    }

    /** A weight layout a converter can get wrong: what it looks like, how to undo it on the converted weights. */
    record KnownLayout(String evidence, String action, java.util.function.UnaryOperator<float[]> undo) { }

    /**
     * The known layout whose undoing brings the converted weights at least halfway closer (rms) to
     * the source's, or null; further differences (e.g. noise on top) stay for the parameter stage.
     */
    private KnownLayout layoutOf(Node s, float[] ws, float[] wc) {
        double before = rms(ws, wc);
        KnownLayout best = null;
        double bestRms = 0.5 * before;
        for (KnownLayout l : knownLayouts(s)) {
            double after = rms(ws, l.undo().apply(wc));
            if (after < bestRms) { best = l; bestRms = after; }
        }
        return best;
    }

    private List<KnownLayout> knownLayouts(Node s) {
        List<KnownLayout> out = new ArrayList<>();
        if (s.op() instanceof Op.Dense d) {
            Shape map = flattenedMap(s);
            if (map != null) {
                int[] back = Layouts.inverse(Layouts.nchwToNhwcColumns(map.channels(), map.height(), map.width()));
                out.add(new KnownLayout("weight columns in NHWC order for the flattened " + map + " map",
                        "reorder the weight columns from NHWC to NCHW", w -> Layouts.permuteColumns(w, d.out(), d.in(), back)));
            }
            if (d.in() == d.out()) out.add(new KnownLayout("the weight matrix is transposed", "transpose the weight matrix back",
                    w -> Layouts.transpose(w, d.in(), d.out())));
        }
        if (s.op() instanceof Op.Conv2d c && c.spec().kernelH() == c.spec().kernelW() && c.spec().kernelH() > 1) {
            int k = c.spec().kernelH();
            out.add(new KnownLayout("kernel height and width axes swapped", "swap the kernel axes back",
                    w -> Layouts.transposeKernels(w, w.length / (k * k), k, k)));
        }
        return out;
    }

    private static double rms(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(sum / a.length);
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.3g", v); }

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
