package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.attrInt;
import static org.dlas.onnx.ImportContext.attrInts;
import static org.dlas.onnx.ImportContext.error;

import java.util.Arrays;

import org.dlas.onnx.ImportContext.Val;

/**
 * Operators on activations that change only how ONNX sees the values, not the values: Cast to
 * float, an identity Transpose, and Squeeze/Unsqueeze between [N,C,1,1] and [N,C]. Each becomes an
 * alias of its input; anything that would move values is an error naming the node.
 */
final class LayoutImporters {
    private LayoutImporters() { }

    static void view(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        switch (n.opType()) {
            case "Cast", "CastLike" -> cast(ctx, n, x);
            case "Transpose" -> transpose(ctx, n, x);
            case "Squeeze", "Unsqueeze" -> squeeze(ctx, n, x, n.opType().equals("Unsqueeze"));
            default -> throw error(n, "is not a view");
        }
    }

    private static void cast(ImportContext ctx, NodeProto n, Val x) {
        long to;
        if (n.opType().equals("Cast")) {
            to = attrInt(n, "to", TensorProto.FLOAT);
        } else {
            TensorProto like = ctx.constants.get(n.input(1));
            to = like == null ? TensorProto.FLOAT : like.dataType();
        }
        if (to != TensorProto.FLOAT) {
            throw error(n, "casts an activation to " + TensorProto.typeName((int) to) + "; dlas computes activations in float only");
        }
        ctx.alias(n, x);
    }

    private static void transpose(ImportContext ctx, NodeProto n, Val x) {
        long[] perm = attrInts(n, "perm", null);
        if (x.rank() == 5 && Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
            // [N,a,b,H,W] -> [N,b,a,H,W]: channel (i, j) of the result is channel (j, i) of the view
            int[] ab = ctx.viewGroups.get(n.input(0)), order = ctx.viewOrder.get(n.input(0));
            int a = ab[0], b = ab[1];
            int[] swapped = new int[order.length];
            for (int i = 0; i < b; i++) for (int j = 0; j < a; j++) swapped[i * a + j] = order[j * b + i];
            String out = n.outputs().get(0);
            ctx.viewGroups.put(out, new int[] {b, a});
            ctx.viewOrder.put(out, swapped);
            ctx.values.put(out, x);
            return;
        }
        long[] identity = new long[x.rank()];
        for (int i = 0; i < identity.length; i++) identity[i] = i;
        // with H = W = 1, swapping the two unit axes leaves every value in place
        boolean unitSwap = x.rank() == 4 && ctx.shape(x).height() * ctx.shape(x).width() == 1
                && Arrays.equals(perm, new long[] {0, 1, 3, 2});
        if (Arrays.equals(perm, identity) || unitSwap) {
            ctx.alias(n, x);
            return;
        }
        throw error(n, "transposes " + ctx.onnxDims(x) + " with perm " + (perm == null ? "(reversed)" : Arrays.toString(perm))
                + "; dlas keeps activations in [N,C,H,W] order and cannot move values between axes");
    }

    private static void squeeze(ImportContext ctx, NodeProto n, Val x, boolean unsqueeze) {
        long[] axes = ctx.opset < 13 ? attrInts(n, "axes", null)
                : n.input(1).isEmpty() ? null : ImportContext.longs(n, ctx.constant(n, 1, "axes", false), "axes");
        int outRank = unsqueeze ? x.rank() + (axes == null ? 0 : axes.length) : x.rank() - (axes == null ? 0 : axes.length);
        long[] norm = axes == null ? null : Arrays.stream(axes).map(a -> a < 0 ? a + (unsqueeze ? outRank : x.rank()) : a).sorted().toArray();
        boolean spatial = norm != null && Arrays.equals(norm, new long[] {2, 3});
        if (unsqueeze && x.rank() == 2 && spatial) {
            ctx.alias(n, new Val(x.ir(), 4));
            return;
        }
        boolean unit = x.rank() == 4 && ctx.shape(x).height() * ctx.shape(x).width() == 1;
        if (!unsqueeze && unit && (spatial || axes == null && ctx.shape(x).channels() > 1)) {
            ctx.alias(n, new Val(x.ir(), 2));
            return;
        }
        throw error(n, (unsqueeze ? "unsqueezes " : "squeezes ") + ctx.onnxDims(x) + " on axes "
                + (axes == null ? "(all of size 1)" : Arrays.toString(axes))
                + "; dlas supports only Squeeze [N,C,1,1] -> [N,C] and Unsqueeze [N,C] -> [N,C,1,1] on activations");
    }

    /**
     * A constant-zero Pad of H and W, the same on both sides, read only by Conv nodes: folded into
     * their padding (PyTorch and TensorFlow exports write explicit padding this way).
     */
    static void pad(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        String mode = ImportContext.attrString(n, "mode", "constant");
        long[] pads;
        float value = 0f;
        if (ctx.opset < 11) {
            pads = attrInts(n, "pads", null);
            value = ImportContext.attrFloat(n, "value", 0f);
        } else {
            pads = ImportContext.longs(n, ctx.constant(n, 1, "pads", false), "pads");
            TensorProto v = n.input(2).isEmpty() ? null : ctx.constant(n, 2, "constant_value", true);
            if (v != null) value = ImportContext.scalar(n, v, "constant_value");
            if (!n.input(3).isEmpty()) throw error(n, "pads only some axes (axes input); dlas folds Pad of all four axes");
        }
        if (!mode.equals("constant") || value != 0f) throw error(n, "mode " + mode + " value " + value + "; dlas folds only zero padding");
        if (x.rank() != 4 || pads == null || pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0
                || pads[2] != pads[6] || pads[3] != pads[7] || pads[2] < 0 || pads[3] < 0) {
            throw error(n, "pads " + (pads == null ? "missing" : Arrays.toString(pads)) + " on " + ctx.onnxDims(x)
                    + "; dlas folds a Pad of H and W only, equal on both sides");
        }
        String out = n.outputs().get(0);
        for (NodeProto r : ctx.readers.getOrDefault(out, java.util.List.of())) {
            if (!r.opType().equals("Conv")) throw error(n, "its output is read by " + r.describe() + "; dlas folds Pad only into a following Conv");
        }
        if (ctx.graphOutputs.contains(out)) throw error(n, "its output is a graph output; dlas folds Pad only into a following Conv");
        int[] before = ctx.zeroPadded.getOrDefault(n.input(0), new int[2]);
        ctx.alias(n, x);
        ctx.zeroPadded.put(out, new int[] {before[0] + (int) pads[2], before[1] + (int) pads[3]});
    }
}
