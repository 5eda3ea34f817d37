package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.attrInt;
import static org.dlas.onnx.ImportContext.error;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.onnx.ImportContext.Val;

/**
 * Sequence operators as exporters write them around shape arithmetic and concatenation (torch's
 * dynamo exporter builds a Reshape's target shape with SequenceEmpty, SequenceInsert and
 * ConcatFromSequence; SplitToSequence). A sequence exists only at import time, as the list of what it holds:
 * constants, or activations. ConcatFromSequence of constants is evaluated; of activations along
 * channels it is a Concat; SequenceAt is an alias of the element.
 */
final class SequenceImporters {
    private SequenceImporters() { }

    static void apply(ImportContext ctx, NodeProto n) {
        String out = n.outputs().get(0);
        switch (n.opType()) {
            case "SequenceEmpty" -> ctx.sequences.put(out, List.of());
            case "SequenceConstruct" -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n.inputs().size(); i++) items.add(element(ctx, n, i));
                ctx.sequences.put(out, List.copyOf(items));
            }
            case "SequenceInsert" -> {
                List<Object> items = new ArrayList<>(sequence(ctx, n));
                int at = position(ctx, n, 2, items.size(), true, items.size());
                items.add(at, element(ctx, n, 1));
                ctx.sequences.put(out, List.copyOf(items));
            }
            case "SequenceErase" -> {
                List<Object> items = new ArrayList<>(sequence(ctx, n));
                if (items.isEmpty()) throw error(n, "erases from an empty sequence");
                items.remove(position(ctx, n, 1, items.size(), false, items.size() - 1));
                ctx.sequences.put(out, List.copyOf(items));
            }
            case "SequenceLength" -> ctx.constants.put(out, TensorProto.ofLongs(out, new long[0], new long[] {sequence(ctx, n).size()}));
            case "SequenceAt" -> {
                List<Object> items = sequence(ctx, n);
                if (items.isEmpty()) throw error(n, "reads from an empty sequence");
                Object item = items.get(position(ctx, n, 1, items.size(), false, -1));
                if (item instanceof TensorProto t) ctx.constants.put(out, t.withName(out));
                else ctx.alias(n, (Val) item);
            }
            case "ConcatFromSequence" -> concat(ctx, n, sequence(ctx, n));
            case "SplitToSequence" -> splitToSequence(ctx, n);
            default -> throw error(n, "is not a sequence operator");
        }
    }

    /**
     * SplitToSequence: a 1-D constant into constants (scalars when neither split nor keepdims keeps
     * the axis), an activation into the pieces a Split with the same sizes gives.
     */
    private static void splitToSequence(ImportContext ctx, NodeProto n) {
        String out = n.outputs().get(0);
        TensorProto split = ctx.constant(n, 1, "split", true);
        long[] given = split == null ? null : ImportContext.longs(n, split, "split");
        boolean keep = attrInt(n, "keepdims", 1) != 0 || split != null;
        long axis = attrInt(n, "axis", 0);
        TensorProto c = ctx.constants.get(n.input(0));
        int rank = c != null ? c.dims().length : ctx.data(n, 0).rank();
        if (axis < 0) axis += rank;
        int len = c != null ? (c.dims().length == 1 ? (int) c.dims()[0] : -1) : axis >= 1 && axis < rank ? ctx.perImageDims(ctx.data(n, 0))[(int) axis - 1] : -1;
        if (len < 0) {
            throw error(n, "splits axis " + attrInt(n, "axis", 0) + (c != null ? " of a constant of dims " + Arrays.toString(c.dims())
                    : " of an activation") + "; dlas splits 1-D constants and activations along a non-batch axis");
        }
        long[] sizes = pieceSizes(n, given, split != null && split.dims().length == 0, len);
        if (c != null) {
            long[] v = ImportContext.longs(n, c, "input");
            List<Object> items = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < sizes.length; i++) {
                long[] piece = Arrays.copyOfRange(v, from, from + (int) sizes[i]);
                String name = out + "/" + i;
                items.add(keep ? TensorProto.ofLongs(name, new long[] {piece.length}, piece) : TensorProto.ofLongs(name, new long[0], piece));
                from += (int) sizes[i];
            }
            ctx.sequences.put(out, List.copyOf(items));
            return;
        }
        if (!keep) throw error(n, "removes the split axis of an activation (keepdims 0); dlas keeps the rank of activations");
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) pieces.add(out + "/" + i);
        String sizesName = out + "/sizes";
        ctx.constants.put(sizesName, TensorProto.ofLongs(sizesName, new long[] {sizes.length}, sizes));
        NodeProto asSplit = new NodeProto(List.of(n.input(0), sizesName), pieces, n.name().isEmpty() ? out : n.name(), "Split", "",
                ctx.opset < 13 ? List.of(AttributeProto.ofInt("axis", axis), AttributeProto.ofInts("split", sizes))
                        : List.of(AttributeProto.ofInt("axis", axis)), "");
        for (String p : pieces) ctx.readers.computeIfAbsent(p, k -> new ArrayList<>()).add(n); // read through the sequence
        SelectImporters.split(ctx, asSplit);
        List<Object> items = new ArrayList<>();
        for (String p : pieces) items.add(ctx.values.get(p));
        ctx.sequences.put(out, List.copyOf(items));
    }

    /** The sizes of SplitToSequence's pieces: as given, equal chunks of a scalar (the last may be smaller), or ones. */
    private static long[] pieceSizes(NodeProto n, long[] given, boolean scalar, int len) {
        if (given != null && !scalar) {
            if (Arrays.stream(given).sum() != len || Arrays.stream(given).anyMatch(v -> v < 0)) {
                throw error(n, "split " + Arrays.toString(given) + " does not add up to the axis' " + len + " values");
            }
            return given;
        }
        long each = given == null ? 1 : given[0];
        if (each <= 0) throw error(n, "split " + each + " should be positive");
        long[] sizes = new long[(int) ((len + each - 1) / each)];
        for (int i = 0; i < sizes.length; i++) sizes[i] = Math.min(each, len - each * i);
        return sizes;
    }

    private static List<Object> sequence(ImportContext ctx, NodeProto n) {
        List<Object> s = ctx.sequences.get(n.input(0));
        if (s == null) throw error(n, "input '" + n.input(0) + "' is not a sequence built by SequenceEmpty, SequenceConstruct or SequenceInsert");
        return s;
    }

    /** A constant or an activation. */
    private static Object element(ImportContext ctx, NodeProto n, int i) {
        TensorProto t = ctx.constants.get(n.input(i));
        return t != null ? t : ctx.data(n, i);
    }

    /**
     * The position input {@code i} of a sequence of {@code size} (constant; negative counts back from
     * {@code size}), or {@code def} when omitted; an insert may also name {@code size}, the end.
     */
    private static int position(ImportContext ctx, NodeProto n, int i, int size, boolean insert, int def) {
        TensorProto t = ctx.constant(n, i, "position", def >= 0);
        if (t == null) return def;
        long p = ImportContext.longs(n, t, "position")[0];
        long at = p < 0 ? p + size : p;
        if (at < 0 || at > size || at == size && !insert) throw error(n, "position " + p + " is outside a sequence of " + size);
        return (int) at;
    }

    private static void concat(ImportContext ctx, NodeProto n, List<Object> items) {
        if (items.isEmpty()) throw error(n, "concatenates an empty sequence");
        long axis = attrInt(n, "axis", Long.MIN_VALUE), newAxis = attrInt(n, "new_axis", 0);
        if (axis == Long.MIN_VALUE) throw error(n, "has no axis attribute");
        String out = n.outputs().get(0);
        if (items.stream().allMatch(o -> o instanceof TensorProto)) {
            ctx.constants.put(out, constantConcat(n, items.stream().map(o -> (TensorProto) o).toList(), axis, newAxis));
            return;
        }
        if (!items.stream().allMatch(o -> o instanceof Val)) throw error(n, "concatenates constants with activations");
        List<Val> vals = items.stream().map(o -> (Val) o).toList();
        int rank = vals.get(0).rank();
        if (axis < 0) axis += rank;
        if (newAxis != 0 || axis != 1 || vals.stream().anyMatch(v -> v.rank() != rank)) {
            throw error(n, "concatenates activations along axis " + attrInt(n, "axis", 0) + (newAxis != 0 ? " (new axis)" : "")
                    + "; dlas concatenates activations of one rank along channels (axis 1) only");
        }
        OpImporters.concatChannels(ctx, n, vals);
    }

    /** Scalars stacked into a vector (new_axis 1) or vectors joined (axis 0): the shape arithmetic cases. */
    private static TensorProto constantConcat(NodeProto n, List<TensorProto> items, long axis, long newAxis) {
        boolean scalars = items.stream().allMatch(t -> t.dims().length == 0 || t.dims().length == 1 && t.dims()[0] == 1 && newAxis == 0);
        boolean vectors = items.stream().allMatch(t -> t.dims().length == 1);
        if (!(newAxis != 0 && axis == 0 && items.stream().allMatch(t -> t.dims().length == 0) || newAxis == 0 && (axis == 0 || axis == -1) && (vectors || scalars))) {
            throw error(n, "ConcatFromSequence of constants is evaluated for scalars stacked into a vector or vectors joined along axis 0 only");
        }
        boolean floats = items.get(0).dataType() == TensorProto.FLOAT || items.get(0).dataType() == TensorProto.DOUBLE;
        List<Float> f = new ArrayList<>();
        List<Long> l = new ArrayList<>();
        for (TensorProto t : items) {
            if (floats) for (float v : ImportContext.floats(n, t, "element")) f.add(v);
            else for (long v : ImportContext.longs(n, t, "element")) l.add(v);
        }
        String out = n.outputs().get(0);
        if (floats) {
            float[] a = new float[f.size()];
            for (int i = 0; i < a.length; i++) a[i] = f.get(i);
            return TensorProto.ofFloats(out, new long[] {a.length}, a);
        }
        return TensorProto.ofLongs(out, new long[] {l.size()}, l.stream().mapToLong(Long::longValue).toArray());
    }
}
