package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.BATCH;
import static org.dlas.onnx.ImportContext.attrInt;
import static org.dlas.onnx.ImportContext.attrInts;
import static org.dlas.onnx.ImportContext.error;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates operators on constants at import time: weight preprocessing (Transpose, Reshape of
 * an initializer, as in PyTorch's Linear exports) and the shape arithmetic exporters write around
 * Reshape (Shape, Gather, Unsqueeze, Squeeze, Concat, Cast, Slice), e.g.
 * {@code Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1]))} for {@code x.view(x.size(0), -1)}.
 * The Shape of an activation is [N, C, H, W] with the batch N as {@link ImportContext#BATCH}
 * unless the model fixes it. These operators applied to activations are errors naming the node.
 */
final class ConstantFolding {
    private ConstantFolding() { }

    static boolean allConstant(ImportContext ctx, NodeProto n) {
        if (n.inputs().isEmpty()) return false;
        for (String in : n.inputs()) if (!ctx.constants.containsKey(in)) return false;
        return true;
    }

    static void apply(ImportContext ctx, NodeProto n) {
        if (n.opType().equals("Shape")) {
            shape(ctx, n);
            return;
        }
        if (!ctx.constants.containsKey(n.input(0))) {
            ctx.data(n, 0); // a clear error when the input is undefined
            throw error(n, n.opType() + " of an activation is not supported; dlas evaluates " + n.opType()
                    + " only on constants (weights and shape arithmetic)");
        }
        switch (n.opType()) {
            case "Transpose" -> transpose(ctx, n);
            case "Gather" -> gather(ctx, n);
            case "Unsqueeze", "Squeeze" -> squeeze(ctx, n, n.opType().equals("Unsqueeze"));
            case "Cast", "CastLike" -> cast(ctx, n);
            case "Slice" -> slice(ctx, n);
            default -> throw error(n, "cannot be evaluated on constants");
        }
    }

    /** A long array for messages, with the batch marker shown as N. */
    static String show(long[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(v[i] == BATCH ? "N" : Long.toString(v[i]));
        return b.append(']').toString();
    }

    private static boolean isFloat(TensorProto t) {
        return t.dataType() == TensorProto.FLOAT || t.dataType() == TensorProto.DOUBLE
                || t.dataType() == TensorProto.FLOAT16 || t.dataType() == TensorProto.BFLOAT16;
    }

    private static void put(ImportContext ctx, NodeProto n, long[] dims, TensorProto like, float[] f, long[] l) {
        String out = n.outputs().get(0);
        ctx.constants.put(out, isFloat(like) ? TensorProto.ofFloats(out, dims, f) : TensorProto.ofLongs(out, dims, l));
    }

    /** Values gathered from positions {@code src} of constant {@code t}, with new dims. */
    private static void gatherInto(ImportContext ctx, NodeProto n, TensorProto t, long[] dims, int[] src) {
        if (isFloat(t)) {
            float[] v = ImportContext.floats(n, t, "input"), w = new float[src.length];
            for (int i = 0; i < src.length; i++) w[i] = v[src[i]];
            put(ctx, n, dims, t, w, null);
        } else {
            long[] v = ImportContext.longs(n, t, "input"), w = new long[src.length];
            for (int i = 0; i < src.length; i++) w[i] = v[src[i]];
            put(ctx, n, dims, t, null, w);
        }
    }

    private static void shape(ImportContext ctx, NodeProto n) {
        long[] dims;
        TensorProto c = ctx.constants.get(n.input(0));
        if (c != null) {
            dims = c.dims().clone();
        } else {
            ImportContext.Val v = ctx.data(n, 0);
            int[] per = ctx.perImageDims(v);
            dims = new long[per.length + 1];
            dims[0] = ctx.batch != null ? ctx.batch : BATCH;
            for (int i = 0; i < per.length; i++) dims[i + 1] = per[i];
        }
        int r = dims.length;
        long start = attrInt(n, "start", 0), end = attrInt(n, "end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(start, Math.min(r, end < 0 ? end + r : end));
        long[] out = Arrays.copyOfRange(dims, (int) start, (int) end);
        ctx.constants.put(n.outputs().get(0), TensorProto.ofLongs(n.outputs().get(0), new long[] {out.length}, out));
    }

    static void transpose(ImportContext ctx, NodeProto n) {
        TensorProto t = ctx.constants.get(n.input(0));
        int r = t.dims().length;
        long[] perm = attrInts(n, "perm", null);
        if (perm == null) {
            perm = new long[r];
            for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
        }
        if (perm.length != r) throw error(n, "perm " + Arrays.toString(perm) + " does not fit dims " + Arrays.toString(t.dims()));
        long[] outDims = new long[r];
        for (int i = 0; i < r; i++) outDims[i] = t.dims()[(int) perm[i]];
        long[] inStride = strides(t.dims());
        int count = (int) t.elementCount();
        int[] src = new int[count];
        int[] idx = new int[r];
        for (int o = 0; o < count; o++) {
            long at = 0;
            for (int i = 0; i < r; i++) at += idx[i] * inStride[(int) perm[i]];
            src[o] = (int) at;
            for (int i = r - 1; i >= 0 && ++idx[i] == outDims[i]; i--) idx[i] = 0;
        }
        gatherInto(ctx, n, t, outDims, src);
    }

    private static long[] strides(long[] dims) {
        long[] s = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    private static void gather(ImportContext ctx, NodeProto n) {
        TensorProto t = ctx.constants.get(n.input(0));
        TensorProto it = ctx.constant(n, 1, "indices", false);
        long axis = attrInt(n, "axis", 0);
        int r = t.dims().length;
        if (axis < 0) axis += r;
        if (axis != 0 || r < 1) throw error(n, "Gather of constants is supported along axis 0 only");
        long[] indices = ImportContext.longs(n, it, "indices");
        long rows = t.dims()[0];
        int rowSize = (int) (t.elementCount() / Math.max(1, rows));
        long[] dims = new long[it.dims().length + r - 1];
        System.arraycopy(it.dims(), 0, dims, 0, it.dims().length);
        System.arraycopy(t.dims(), 1, dims, it.dims().length, r - 1);
        int[] src = new int[indices.length * rowSize];
        for (int i = 0; i < indices.length; i++) {
            long k = indices[i] < 0 ? indices[i] + rows : indices[i];
            if (k < 0 || k >= rows) throw error(n, "index " + indices[i] + " out of range for " + rows + " rows");
            for (int j = 0; j < rowSize; j++) src[i * rowSize + j] = (int) (k * rowSize + j);
        }
        gatherInto(ctx, n, t, dims, src);
    }

    private static void squeeze(ImportContext ctx, NodeProto n, boolean unsqueeze) {
        TensorProto t = ctx.constants.get(n.input(0));
        long[] axes = ctx.opset < 13 ? attrInts(n, "axes", null)
                : n.input(1).isEmpty() ? null : ImportContext.longs(n, ctx.constant(n, 1, "axes", false), "axes");
        List<Long> dims = new ArrayList<>();
        for (long d : t.dims()) dims.add(d);
        if (unsqueeze) {
            if (axes == null) throw error(n, "has no axes");
            int r = dims.size() + axes.length;
            long[] sorted = axes.clone();
            for (int i = 0; i < sorted.length; i++) if (sorted[i] < 0) sorted[i] += r;
            Arrays.sort(sorted);
            for (long a : sorted) dims.add((int) a, 1L);
        } else {
            int r = dims.size();
            boolean[] drop = new boolean[r];
            for (int i = 0; i < r; i++) drop[i] = axes == null && dims.get(i) == 1;
            if (axes != null) for (long a : axes) drop[(int) (a < 0 ? a + r : a)] = true;
            List<Long> kept = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                if (!drop[i]) kept.add(dims.get(i));
                else if (dims.get(i) != 1) throw error(n, "squeezes axis " + i + " of size " + dims.get(i));
            }
            dims = kept;
        }
        int[] src = new int[(int) t.elementCount()];
        for (int i = 0; i < src.length; i++) src[i] = i;
        gatherInto(ctx, n, t, dims.stream().mapToLong(Long::longValue).toArray(), src);
    }

    private static void cast(ImportContext ctx, NodeProto n) {
        TensorProto t = ctx.constants.get(n.input(0));
        long to;
        if (n.opType().equals("CastLike")) {
            TensorProto like = ctx.constants.get(n.input(1));
            to = like == null ? TensorProto.FLOAT : like.dataType(); // like an activation: float
        } else {
            to = attrInt(n, "to", TensorProto.FLOAT);
        }
        String out = n.outputs().get(0);
        boolean toFloat = to == TensorProto.FLOAT || to == TensorProto.DOUBLE || to == TensorProto.FLOAT16;
        if (toFloat) {
            if (!isFloat(t) && Arrays.stream(ImportContext.longs(n, t, "input")).anyMatch(v -> v == BATCH)) {
                throw error(n, "casts the symbolic batch size to float");
            }
            ctx.constants.put(out, TensorProto.ofFloats(out, t.dims(), ImportContext.floats(n, isFloat(t) ? t : asFloat(n, t), "input")));
        } else {
            long[] v;
            if (isFloat(t)) {
                float[] f = ImportContext.floats(n, t, "input");
                v = new long[f.length];
                for (int i = 0; i < f.length; i++) v[i] = (long) f[i];
            } else {
                v = ImportContext.longs(n, t, "input");
            }
            ctx.constants.put(out, TensorProto.ofLongs(out, t.dims(), v));
        }
    }

    private static TensorProto asFloat(NodeProto n, TensorProto t) {
        long[] v = ImportContext.longs(n, t, "input");
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return TensorProto.ofFloats(t.name(), t.dims(), f);
    }

    private static void slice(ImportContext ctx, NodeProto n) {
        TensorProto t = ctx.constants.get(n.input(0));
        if (t.dims().length != 1) throw error(n, "Slice of constants is supported on 1-D tensors only");
        long[] starts, ends, axes, steps;
        if (ctx.opset < 10) {
            starts = attrInts(n, "starts", null);
            ends = attrInts(n, "ends", null);
            axes = attrInts(n, "axes", new long[] {0});
            steps = new long[] {1};
        } else {
            starts = ImportContext.longs(n, ctx.constant(n, 1, "starts", false), "starts");
            ends = ImportContext.longs(n, ctx.constant(n, 2, "ends", false), "ends");
            TensorProto a = ctx.constant(n, 3, "axes", true), s = ctx.constant(n, 4, "steps", true);
            axes = a == null ? new long[] {0} : ImportContext.longs(n, a, "axes");
            steps = s == null ? new long[] {1} : ImportContext.longs(n, s, "steps");
        }
        if (starts == null || ends == null || starts.length != 1 || ends.length != 1 || axes.length != 1 || (axes[0] != 0 && axes[0] != -1)) {
            throw error(n, "Slice of constants is supported along one axis of a 1-D tensor only");
        }
        long len = t.dims()[0], step = steps[0];
        if (step == 0) throw error(n, "step 0");
        long start = clampIndex(starts[0], len, step), end = clampIndex(ends[0], len, step);
        List<Integer> src = new ArrayList<>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) src.add((int) i);
        gatherInto(ctx, n, t, new long[] {src.size()}, src.stream().mapToInt(Integer::intValue).toArray());
    }

    private static long clampIndex(long i, long len, long step) {
        if (i < 0) i += len;
        return step > 0 ? Math.max(0, Math.min(len, i)) : Math.max(-1, Math.min(len - 1, i));
    }

    static void concat(ImportContext ctx, NodeProto n) {
        List<TensorProto> in = new ArrayList<>();
        for (String name : n.inputs()) in.add(ctx.constants.get(name));
        for (TensorProto t : in) {
            if (t.dims().length > 1) throw error(n, "Concat of constants is supported on 1-D tensors only");
        }
        long total = in.stream().mapToLong(TensorProto::elementCount).sum();
        boolean floats = isFloat(in.get(0));
        float[] f = new float[(int) total];
        long[] l = new long[(int) total];
        int at = 0;
        for (TensorProto t : in) {
            if (isFloat(t) != floats) throw error(n, "concatenates constants of different types");
            if (floats) {
                float[] v = ImportContext.floats(n, t, "input");
                System.arraycopy(v, 0, f, at, v.length);
                at += v.length;
            } else {
                long[] v = ImportContext.longs(n, t, "input");
                System.arraycopy(v, 0, l, at, v.length);
                at += v.length;
            }
        }
        put(ctx, n, new long[] {total}, in.get(0), f, l);
    }

    /**
     * Add/Sub/Mul/Div of two constants (shape arithmetic, or weights an exporter computes in the
     * graph): equal dims, or one side a single value. Integer division truncates as ONNX's does.
     */
    static void arithmetic(ImportContext ctx, NodeProto n) {
        TensorProto a = ctx.constants.get(n.input(0)), b = ctx.constants.get(n.input(1));
        boolean sameDims = Arrays.equals(a.dims(), b.dims());
        if (!sameDims && a.elementCount() != 1 && b.elementCount() != 1) {
            throw error(n, "combines constants of dims " + Arrays.toString(a.dims()) + " and " + Arrays.toString(b.dims())
                    + "; dlas folds equal dims or a single value only");
        }
        TensorProto big = a.elementCount() >= b.elementCount() ? a : b;
        int count = (int) big.elementCount();
        String op = n.opType();
        if (isFloat(a) || isFloat(b)) {
            float[] x = ImportContext.floats(n, isFloat(a) ? a : asFloat(n, a), "A"), y = ImportContext.floats(n, isFloat(b) ? b : asFloat(n, b), "B");
            float[] r = new float[count];
            for (int i = 0; i < count; i++) {
                float p = x[x.length == 1 ? 0 : i], q = y[y.length == 1 ? 0 : i];
                r[i] = switch (op) { case "Add" -> p + q; case "Sub" -> p - q; case "Mul" -> p * q; default -> p / q; };
            }
            ctx.constants.put(n.outputs().get(0), TensorProto.ofFloats(n.outputs().get(0), big.dims(), r));
        } else {
            long[] x = ImportContext.longs(n, a, "A"), y = ImportContext.longs(n, b, "B");
            long[] r = new long[count];
            for (int i = 0; i < count; i++) {
                long p = x[x.length == 1 ? 0 : i], q = y[y.length == 1 ? 0 : i];
                if (p == BATCH || q == BATCH) throw error(n, "computes with the symbolic batch size");
                if (op.equals("Div") && q == 0) throw error(n, "divides by zero");
                r[i] = switch (op) { case "Add" -> p + q; case "Sub" -> p - q; case "Mul" -> p * q; default -> p / q; };
            }
            ctx.constants.put(n.outputs().get(0), TensorProto.ofLongs(n.outputs().get(0), big.dims(), r));
        }
    }

    /**
     * Comparisons (Equal, Greater, Less, GreaterOrEqual, LessOrEqual) and logic (Not, And, Or, Xor) of
     * constants, giving bool tensors: the conditions exporters compute from shapes for If and Loop.
     * Equal dims, or one side a single value; the symbolic batch size cannot be compared.
     */
    static void logic(ImportContext ctx, NodeProto n) {
        for (int i = 0; i < n.inputs().size(); i++) {
            if (!ctx.constants.containsKey(n.input(i))) {
                ctx.data(n, i); // a clear error when the input is undefined
                throw error(n, n.opType() + " of an activation is not supported; dlas evaluates " + n.opType()
                        + " only on constants (the conditions of If and Loop)");
            }
        }
        String op = n.opType(), out = n.outputs().get(0);
        TensorProto a = ctx.constants.get(n.input(0));
        if (op.equals("Not")) {
            long[] x = ImportContext.longs(n, a, "input");
            long[] r = new long[x.length];
            for (int i = 0; i < x.length; i++) r[i] = x[i] == 0 ? 1 : 0;
            ctx.constants.put(out, bools(out, a.dims(), r));
            return;
        }
        TensorProto b = ctx.constants.get(n.input(1));
        if (!Arrays.equals(a.dims(), b.dims()) && a.elementCount() != 1 && b.elementCount() != 1) {
            throw error(n, "compares constants of dims " + Arrays.toString(a.dims()) + " and " + Arrays.toString(b.dims())
                    + "; dlas folds equal dims or a single value only");
        }
        TensorProto big = a.elementCount() >= b.elementCount() ? a : b;
        boolean floats = isFloat(a) || isFloat(b);
        float[] fx = floats ? ImportContext.floats(n, isFloat(a) ? a : asFloat(n, a), "A") : null;
        float[] fy = floats ? ImportContext.floats(n, isFloat(b) ? b : asFloat(n, b), "B") : null;
        long[] lx = floats ? null : ImportContext.longs(n, a, "A"), ly = floats ? null : ImportContext.longs(n, b, "B");
        long[] r = new long[(int) big.elementCount()];
        for (int i = 0; i < r.length; i++) {
            int ia = (int) (a.elementCount() == 1 ? 0 : i), ib = (int) (b.elementCount() == 1 ? 0 : i);
            if (!floats && (lx[ia] == BATCH || ly[ib] == BATCH)) throw error(n, "compares the symbolic batch size");
            int c = floats ? Float.compare(fx[ia], fy[ib]) : Long.compare(lx[ia], ly[ib]);
            boolean p = floats ? fx[ia] != 0 : lx[ia] != 0, q = floats ? fy[ib] != 0 : ly[ib] != 0;
            boolean v = switch (op) {
                case "Equal" -> c == 0; case "Greater" -> c > 0; case "Less" -> c < 0;
                case "GreaterOrEqual" -> c >= 0; case "LessOrEqual" -> c <= 0;
                case "And" -> p && q; case "Or" -> p || q; case "Xor" -> p != q;
                default -> throw error(n, "is not a comparison");
            };
            r[i] = v ? 1 : 0;
        }
        ctx.constants.put(out, bools(out, big.dims(), r));
    }

    private static TensorProto bools(String name, long[] dims, long[] values) {
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) v[i] = (int) values[i];
        return new TensorProto(name, dims.clone(), TensorProto.BOOL, null, v, null, null, null, false);
    }

    /** Reshape of a constant (only the dims change). */
    static void reshape(ImportContext ctx, NodeProto n) {
        TensorProto t = ctx.constants.get(n.input(0));
        long[] target = ctx.opset < 5 ? attrInts(n, "shape", new long[0])
                : ImportContext.longs(n, ctx.constant(n, 1, "shape", false), "shape");
        boolean allowZero = attrInt(n, "allowzero", 0) != 0;
        long[] dims = target.clone();
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 0 && !allowZero) {
                if (i >= t.dims().length) throw error(n, "shape " + show(target) + " copies a dimension the constant does not have");
                dims[i] = t.dims()[i];
            }
            if (dims[i] == -1) {
                if (unknown >= 0) throw error(n, "shape " + show(target) + " has more than one -1");
                unknown = i;
            } else if (dims[i] < 0) {
                throw error(n, "shape " + show(target) + " is invalid for a constant");
            } else {
                known *= dims[i];
            }
        }
        if (unknown >= 0 && known > 0) dims[unknown] = t.elementCount() / known;
        long total = 1;
        for (long d : dims) total *= d;
        if (total != t.elementCount()) throw error(n, "shape " + show(target) + " does not fit constant of dims " + Arrays.toString(t.dims()));
        String out = n.outputs().get(0);
        ctx.constants.put(out, new TensorProto(out, dims, t.dataType(), t.floatData(), t.int32Data(), t.int64Data(),
                t.doubleData(), t.rawData(), t.external()));
    }
}
