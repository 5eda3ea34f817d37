package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.attrInt;
import static org.dlas.onnx.ImportContext.attrInts;
import static org.dlas.onnx.ImportContext.attrString;
import static org.dlas.onnx.ImportContext.error;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.onnx.ImportContext.Val;

/**
 * Operators that pick values of an activation by constant indices, each imported as one
 * {@link Op.Select}: Gather (1-D constant indices), Slice (constant starts/ends/axes/steps), Split
 * (the {@code split} attribute before opset 13, the input from 13, {@code num_outputs} from 18) and
 * nearest-neighbour Resize / Upsample, whose source row and column of every output pixel are
 * computed here with ONNX's coordinate transformation and rounding rules. Resize / Upsample with
 * mode linear become {@link Op.LinearResize}.
 */
final class SelectImporters {
    private SelectImporters() { }

    /** The IR axis (0 C, 1 H, 2 W) of ONNX axis {@code axis} of {@code x}, refusing the batch axis. */
    private static int irAxis(ImportContext ctx, NodeProto n, Val x, long axis) {
        int rank = x.rank();
        long a = axis < 0 ? axis + rank : axis;
        if (a <= 0 || a >= rank) {
            throw error(n, "axis " + axis + " of " + ctx.onnxDims(x) + (a == 0 ? " is the batch axis; dlas works within one image" : " does not exist"));
        }
        if (rank == 2) {
            if (ctx.shape(x).height() * ctx.shape(x).width() != 1) throw error(n, "reads a flattened view only a Gemm may read");
            return 0;
        }
        return rank == 3 ? (a == 1 ? 0 : 2) : (int) a - 1;
    }

    private static int[] identity(Shape s, int axis) {
        return Op.Select.all(axis == 0 ? s.channels() : axis == 1 ? s.height() : s.width());
    }

    private static int length(Shape s, int axis) { return axis == 0 ? s.channels() : axis == 1 ? s.height() : s.width(); }

    /** Emits y = x with the indices of {@code picks[axis]} on each IR axis (null: keep the axis). */
    private static void emit(ImportContext ctx, NodeProto n, int output, Val x, int[][] picks) {
        Shape s = ctx.shape(x);
        int[][] idx = new int[3][];
        for (int a = 0; a < 3; a++) idx[a] = picks[a] != null ? picks[a] : identity(s, a);
        for (int a = 0; a < 3; a++) {
            if (idx[a].length == 0) throw error(n, "output " + output + " would be empty along an axis of " + ctx.onnxDims(x));
        }
        Shape out = new Shape(idx[0].length, idx[1].length, idx[2].length);
        String tensor = n.outputs().get(output);
        if (out.equals(s) && Op.Select.keepsAll(idx[0], s.channels()) && Op.Select.keepsAll(idx[1], s.height())
                && Op.Select.keepsAll(idx[2], s.width())) {
            ctx.values.put(tensor, x); // picks everything in place
            return;
        }
        Op.Select op = new Op.Select(idx[0], idx[1], idx[2]);
        ImportContext.IrNode source = ctx.node(x.ir());
        if (source.op instanceof Op.Select first && ctx.implicitSelects.contains(n.input(0)) && n.input(0).equals(source.onnxOutput)
                && ctx.readerCount(n.input(0)) == 1) {
            // a step of the exporter's one-Gather-per-axis chain for one Select: one node again
            source.removed = true;
            op = new Op.Select(compose(first.channels(), idx[0]), compose(first.rows(), idx[1]), compose(first.cols(), idx[2]));
            x = new Val(source.inputs.get(0), x.rank());
        }
        if (output == 0) {
            ctx.emit(n, op, List.of(x.ir()), out, x.rank());
        } else {
            String ir = ctx.emitHidden(n, tensor, op, List.of(x.ir()), out);
            ctx.node(ir).onnxOutput = tensor;
            ctx.values.put(tensor, new Val(ir, x.rank()));
        }
    }

    private static int[] compose(int[] first, int[] then) {
        int[] out = new int[then.length];
        for (int i = 0; i < then.length; i++) out[i] = first[then[i]];
        return out;
    }

    // ---- Gather ------------------------------------------------------------------------------

    static void gather(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        TensorProto it = ctx.constant(n, 1, "indices", false);
        if (it.dims().length != 1) {
            throw error(n, "indices '" + it.name() + "' have dims " + Arrays.toString(it.dims())
                    + "; dlas gathers activations with 1-D indices only (a scalar index would drop an axis)");
        }
        int axis = irAxis(ctx, n, x, attrInt(n, "axis", 0));
        int len = length(ctx.shape(x), axis);
        long[] v = ImportContext.longs(n, it, "indices");
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            long k = v[i] < 0 ? v[i] + len : v[i];
            if (k < 0 || k >= len) throw error(n, "index " + v[i] + " is out of range for an axis of " + len);
            idx[i] = (int) k;
        }
        int[][] picks = new int[3][];
        picks[axis] = idx;
        emit(ctx, n, 0, x, picks);
        if (n.docString().contains(OnnxExporter.IMPLICIT_SELECT)) ctx.implicitSelects.add(n.outputs().get(0));
    }

    // ---- Slice -------------------------------------------------------------------------------

    static void slice(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        long[] starts, ends, axes, steps;
        if (ctx.opset < 10) {
            starts = attrInts(n, "starts", null);
            ends = attrInts(n, "ends", null);
            axes = attrInts(n, "axes", null);
            steps = null;
            if (starts == null || ends == null) throw error(n, "has no starts or ends attribute");
        } else {
            starts = ImportContext.longs(n, ctx.constant(n, 1, "starts", false), "starts");
            ends = ImportContext.longs(n, ctx.constant(n, 2, "ends", false), "ends");
            TensorProto a = ctx.constant(n, 3, "axes", true), s = ctx.constant(n, 4, "steps", true);
            axes = a == null ? null : ImportContext.longs(n, a, "axes");
            steps = s == null ? null : ImportContext.longs(n, s, "steps");
        }
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        if (ends.length != starts.length || axes.length != starts.length || steps != null && steps.length != starts.length) {
            throw error(n, "starts, ends, axes and steps have different lengths");
        }
        int[][] picks = new int[3][];
        Shape s = ctx.shape(x);
        for (int i = 0; i < axes.length; i++) {
            long step = steps == null ? 1 : steps[i];
            if (step == 0) throw error(n, "step 0 on axis " + axes[i]);
            long rank = x.rank(), a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a == 0) {
                // a slice of the whole batch ([0, large) step 1, as exporters write for x[:, ...]) is no slice
                if (step == 1 && starts[i] == 0 && ends[i] >= Integer.MAX_VALUE) continue;
                throw error(n, "slices the batch axis; dlas works within one image");
            }
            int axis = irAxis(ctx, n, x, axes[i]);
            if (picks[axis] != null) throw error(n, "slices axis " + axes[i] + " twice");
            int len = length(s, axis);
            long from = clamp(starts[i], len, step), to = clamp(ends[i], len, step);
            List<Integer> idx = new ArrayList<>();
            for (long k = from; step > 0 ? k < to : k > to; k += step) idx.add((int) k);
            picks[axis] = idx.stream().mapToInt(Integer::intValue).toArray();
        }
        emit(ctx, n, 0, x, picks);
    }

    /** ONNX's clamping of a slice bound on an axis of {@code len}. */
    private static long clamp(long i, long len, long step) {
        if (i < 0) i += len;
        return step > 0 ? Math.max(0, Math.min(len, i)) : Math.max(-1, Math.min(len - 1, i));
    }

    // ---- Split -------------------------------------------------------------------------------

    static void split(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        int axis = irAxis(ctx, n, x, attrInt(n, "axis", 0));
        int len = length(ctx.shape(x), axis), parts = n.outputs().size();
        long[] sizes;
        if (ctx.opset < 13) {
            sizes = attrInts(n, "split", null);
        } else {
            TensorProto t = ctx.constant(n, 1, "split", true);
            sizes = t == null ? null : ImportContext.longs(n, t, "split");
        }
        if (sizes == null) {
            long num = attrInt(n, "num_outputs", parts);
            if (num != parts) throw error(n, "num_outputs " + num + " but " + parts + " outputs");
            // equal parts; from opset 18 the last one may be smaller (ceil division)
            long each = ctx.opset >= 18 ? (len + parts - 1) / parts : len / parts;
            if (ctx.opset < 18 && len % parts != 0) throw error(n, "cannot split an axis of " + len + " into " + parts + " equal parts");
            sizes = new long[parts];
            for (int i = 0; i < parts; i++) sizes[i] = Math.min(each, len - each * i);
        }
        if (sizes.length != parts) throw error(n, "split " + Arrays.toString(sizes) + " has " + sizes.length + " sizes for " + parts + " outputs");
        long total = Arrays.stream(sizes).sum();
        if (total != len || Arrays.stream(sizes).anyMatch(v -> v < 0)) {
            throw error(n, "split " + Arrays.toString(sizes) + " does not add up to the axis' " + len + " values");
        }
        int from = 0;
        for (int i = 0; i < parts; i++) {
            int to = from + (int) sizes[i];
            String out = n.outputs().get(i);
            if (!out.isEmpty() && ctx.readerCount(out) > 0) {
                if (to == from) throw error(n, "output " + i + " '" + out + "' is empty and read by another node");
                int[][] picks = new int[3][];
                picks[axis] = Op.Select.range(from, to);
                emit(ctx, n, i, x, picks);
            }
            from = to;
        }
    }

    // ---- Resize and Upsample (nearest) -------------------------------------------------------

    static void resize(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        if (x.rank() != 4) throw error(n, "resizes " + ctx.onnxDims(x) + "; dlas resizes [N,C,H,W] images only");
        boolean upsample = n.opType().equals("Upsample");
        String mode = attrString(n, "mode", "nearest");
        if (mode.equals("bilinear")) mode = "linear"; // Upsample's old name
        if (!mode.equals("nearest") && !mode.equals("linear")) {
            throw error(n, "mode '" + mode + "' is not supported; dlas resizes with mode 'nearest' or 'linear'");
        }
        if (attrInt(n, "antialias", 0) != 0) throw error(n, "antialias=1 is not supported");
        String transform = upsample || ctx.opset < 11 ? "asymmetric" : attrString(n, "coordinate_transformation_mode", "half_pixel");
        String rounding = upsample || ctx.opset < 11 ? "floor" : attrString(n, "nearest_mode", "round_prefer_floor");
        if (attrInts(n, "axes", null) != null) throw error(n, "the axes attribute is not supported; give scales or sizes for all 4 axes");
        if (!attrString(n, "keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw error(n, "keep_aspect_ratio_policy '" + attrString(n, "keep_aspect_ratio_policy", "") + "' is not supported (stretch only)");
        }
        float[] scales = null;
        long[] sizes = null;
        if (upsample && ctx.opset < 9) {
            AttributeProto a = n.attribute("scales").orElseThrow(() -> error(n, "has no scales attribute"));
            scales = a.floats();
        } else {
            int at = upsample || ctx.opset < 11 ? 1 : 2;
            TensorProto s = ctx.constant(n, at, "scales", true);
            if (s != null && s.elementCount() > 0) scales = ImportContext.floats(n, s, "scales");
            TensorProto z = upsample || ctx.opset < 11 ? null : ctx.constant(n, 3, "sizes", true);
            if (z != null && z.elementCount() > 0) sizes = ImportContext.longs(n, z, "sizes");
        }
        if ((scales == null) == (sizes == null)) throw error(n, "needs exactly one of scales and sizes");
        int[] dims = ctx.perImageDims(x);
        if (scales != null && scales.length != 4 || sizes != null && sizes.length != 4) throw error(n, "scales/sizes need 4 values for [N,C,H,W]");
        if (scales != null && (scales[0] != 1f || scales[1] != 1f)) {
            throw error(n, "scales " + Arrays.toString(scales) + " change the batch or channel axis; dlas resizes H and W only");
        }
        if (sizes != null && (sizes[1] != dims[0] || ctx.batch != null && sizes[0] != ctx.batch)) {
            throw error(n, "sizes " + Arrays.toString(sizes) + " change the batch or channel axis of " + ctx.onnxDims(x) + "; dlas resizes H and W only");
        }
        int[][] picks = new int[3][];
        int[] outs = new int[3];
        float[] scaleOf = new float[3];
        for (int a = 1; a <= 2; a++) {
            int in = dims[a];
            int out = sizes != null ? (int) sizes[a + 1] : (int) Math.floor(in * (double) scales[a + 1]);
            if (out <= 0) throw error(n, "output size " + out + " along axis " + (a + 1));
            double scale = sizes != null ? (double) out / in : scales[a + 1];
            outs[a] = out;
            scaleOf[a] = sizes != null ? (float) out / in : scales[a + 1];
            if (mode.equals("nearest")) picks[a] = nearest(n, in, out, scale, transform, rounding);
        }
        if (mode.equals("linear")) {
            if (!Op.LinearResize.MODES.contains(transform)) {
                throw error(n, "coordinate_transformation_mode '" + transform + "' is not supported with mode linear (" + Op.LinearResize.MODES + ")");
            }
            Shape s = ctx.shape(x);
            ctx.emit(n, new Op.LinearResize(outs[1], outs[2], scaleOf[1], scaleOf[2], transform), List.of(x.ir()),
                    new Shape(s.channels(), outs[1], outs[2]), 4);
            return;
        }
        emit(ctx, n, 0, x, picks);
    }

    /** The source index of each of {@code out} positions, as ONNX's Resize reference computes it. */
    static int[] nearest(NodeProto n, int in, int out, double scale, String transform, String rounding) {
        int[] idx = new int[out];
        double resized = in * scale; // ONNX's length_resized: not floored when scales are given
        for (int o = 0; o < out; o++) {
            double c = switch (transform) {
                case "half_pixel" -> (o + 0.5) / scale - 0.5;
                case "pytorch_half_pixel" -> resized > 1 ? (o + 0.5) / scale - 0.5 : 0;
                case "align_corners" -> resized == 1 ? 0 : o * (in - 1) / (resized - 1);
                case "asymmetric" -> o / scale;
                case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
                default -> throw error(n, "coordinate_transformation_mode '" + transform + "' is not supported with mode nearest");
            };
            double f = Math.floor(c);
            long k = switch (rounding) {
                case "round_prefer_floor" -> c - f == 0.5 ? (long) f : Math.round(c);
                case "round_prefer_ceil" -> c - f == 0.5 ? (long) f + 1 : Math.round(c);
                case "floor" -> (long) f;
                case "ceil" -> (long) Math.ceil(c);
                default -> throw error(n, "nearest_mode '" + rounding + "' is not supported");
            };
            idx[o] = (int) Math.max(0, Math.min(in - 1, k));
        }
        return idx;
    }
}
