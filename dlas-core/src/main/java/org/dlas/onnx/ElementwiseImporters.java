package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.attrFloat;
import static org.dlas.onnx.ImportContext.attrInt;
import static org.dlas.onnx.ImportContext.attrInts;
import static org.dlas.onnx.ImportContext.error;
import static org.dlas.onnx.ImportContext.floats;

import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.onnx.ImportContext.IrNode;
import org.dlas.onnx.ImportContext.Val;

/**
 * Element-wise ONNX operators with ONNX (numpy) broadcasting, lowered onto IR operators where that
 * is exact: a scalar or per-channel constant operand of Add/Sub/Mul/Div becomes an affine
 * BatchNorm (mean 0, var 1, eps 0: y = gamma x + beta), or is folded into the bias of the
 * Conv/Gemm that produces the other operand; two activations broadcast against each other
 * through a repeating Select, Sub is Add of a negated operand, Div is Mul by a Reciprocal;
 * HardSwish is x * HardSigmoid(x); LeakyRelu is a PRelu with one slope for every channel.
 */
final class ElementwiseImporters {
    private ElementwiseImporters() { }

    static void arithmetic(ImportContext ctx, NodeProto n) {
        if (n.inputs().size() != 2) throw error(n, "should have 2 inputs, has " + n.inputs().size());
        boolean c0 = ctx.constants.containsKey(n.input(0)), c1 = ctx.constants.containsKey(n.input(1));
        if (c0 && c1) {
            ConstantFolding.arithmetic(ctx, n);
        } else if (!c0 && !c1) {
            twoActivations(ctx, n);
        } else {
            withConstant(ctx, n, c0 ? 1 : 0);
        }
    }

    /**
     * Two activations with ONNX broadcasting between them (equal ranks; along each axis equal
     * sizes, or one of them 1). A per-channel factor of Mul is read as it is (Mul's gate form);
     * any other operand that broadcasts is first expanded by a {@link Op.Select} repeating its
     * values. Sub is Add of the negated operand, Div is Mul by a Reciprocal.
     */
    private static void twoActivations(ImportContext ctx, NodeProto n) {
        Val a = ctx.data(n, 0), b = ctx.data(n, 1);
        Shape sa = ctx.shape(a), sb = ctx.shape(b);
        String op = n.opType();
        if (a.rank() != b.rank() || a.rank() == 2 && (sa.height() * sa.width() != 1 || sb.height() * sb.width() != 1)) {
            throw error(n, op + " of " + ctx.onnxDims(a) + " and " + ctx.onnxDims(b) + "; dlas broadcasts between activations of the same rank only");
        }
        Shape out = broadcast(sa, sb);
        if (out == null) {
            throw error(n, op + " of " + ctx.onnxDims(a) + " and " + ctx.onnxDims(b) + ": the dims neither match nor are 1 (ONNX broadcasting)");
        }
        if (op.equals("Mul") || op.equals("Div")) {
            if (op.equals("Div")) {
                Shape rs = sb;
                b = new Val(ctx.emitHidden(n, "reciprocal", new Op.Reciprocal(), List.of(b.ir()), rs), b.rank());
            }
            // the gate form: one value per channel of an image of the other's channels
            if (perChannelOf(sb, out) && sa.equals(out)) {
                ctx.emit(n, new Op.Mul(), List.of(a.ir(), b.ir()), out, a.rank());
                return;
            }
            if (op.equals("Mul") && perChannelOf(sa, out) && sb.equals(out)) {
                ctx.emit(n, new Op.Mul(), List.of(b.ir(), a.ir()), out, a.rank());
                return;
            }
            ctx.emit(n, new Op.Mul(), List.of(expand(ctx, n, a, out, "expand_a"), expand(ctx, n, b, out, "expand_b")), out, a.rank());
            return;
        }
        String ea = expand(ctx, n, a, out, "expand_a"), eb = expand(ctx, n, b, out, "expand_b");
        if (op.equals("Sub")) eb = ctx.emitHidden(n, "neg", affine(out.channels(), -1f, 0f), List.of(eb), out);
        ctx.emit(n, new Op.Add(), List.of(ea, eb), out, a.rank());
    }

    /** The broadcast shape of two IR shapes (per axis equal, or one is 1), or null. */
    private static Shape broadcast(Shape a, Shape b) {
        int[] x = {a.channels(), a.height(), a.width()}, y = {b.channels(), b.height(), b.width()}, o = new int[3];
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i] && x[i] != 1 && y[i] != 1) return null;
            o[i] = Math.max(x[i], y[i]);
        }
        return new Shape(o[0], o[1], o[2]);
    }

    private static boolean perChannelOf(Shape s, Shape out) {
        return s.channels() == out.channels() && s.height() == 1 && s.width() == 1;
    }

    /** The IR node holding {@code v} broadcast to {@code to}: itself, or a Select repeating it along its unit axes. */
    private static String expand(ImportContext ctx, NodeProto n, Val v, Shape to, String suffix) {
        Shape s = ctx.shape(v);
        if (s.equals(to)) return v.ir();
        Op.Select repeat = new Op.Select(repeated(s.channels(), to.channels()), repeated(s.height(), to.height()), repeated(s.width(), to.width()));
        return ctx.emitHidden(n, suffix, repeat, List.of(v.ir()), to);
    }

    private static int[] repeated(int from, int to) {
        return from == to ? Op.Select.all(to) : new int[to]; // from is 1: index 0, to times
    }

    /** Activation (input {@code di}) combined with a constant (the other input). */
    private static void withConstant(ImportContext ctx, NodeProto n, int di) {
        Val v = ctx.data(n, di);
        TensorProto c = ctx.constants.get(n.input(1 - di));
        Shape s = ctx.shape(v);
        String op = n.opType();
        requireBroadcastable(ctx, n, v, c);
        boolean constantFirst = di == 1;
        if ((op.equals("Add") || op.equals("Sub") && !constantFirst) && canFoldBias(ctx, n.input(di), v)) {
            TensorProto addend = op.equals("Add") ? c : negated(n, c);
            OpImporters.foldBias(ctx, n, n.input(di), v, addend);
            return;
        }
        float[] k = OpImporters.perChannel(n, c, s.channels(), v.rank(), "constant");
        float[] gamma = new float[k.length], beta = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            switch (op) {
                case "Add" -> { gamma[i] = 1f; beta[i] = k[i]; }
                case "Sub" -> { gamma[i] = constantFirst ? -1f : 1f; beta[i] = constantFirst ? k[i] : -k[i]; }
                case "Mul" -> gamma[i] = k[i];
                default -> {
                    if (constantFirst) throw error(n, "divides a constant by an activation; dlas divides activations by constants only");
                    gamma[i] = 1f / k[i];
                }
            }
        }
        ctx.emit(n, affine(gamma, beta), List.of(v.ir()), s, v.rank());
    }

    /** A constant whose dims broadcast against the activation without growing it (ONNX right-aligned rules). */
    private static void requireBroadcastable(ImportContext ctx, NodeProto n, Val v, TensorProto c) {
        int[] per = ctx.perImageDims(v);
        long[] d = c.dims();
        boolean ok = d.length <= v.rank();
        for (int i = 0; ok && i < d.length; i++) {
            int axis = v.rank() - d.length + i; // 0 is the batch
            long want = axis == 0 ? 1 : per[axis - 1];
            ok = d[i] == 1 || d[i] == want && axis != 0;
        }
        if (!ok) {
            throw error(n, "constant '" + c.name() + "' of dims " + Arrays.toString(d) + " does not broadcast against " + ctx.onnxDims(v)
                    + " without changing its shape");
        }
    }

    private static boolean canFoldBias(ImportContext ctx, String tensor, Val v) {
        IrNode p = ctx.node(v.ir());
        return (p.op instanceof Op.Conv2d || p.op instanceof Op.Dense) && tensor.equals(p.onnxOutput) && ctx.readerCount(tensor) == 1;
    }

    private static TensorProto negated(NodeProto n, TensorProto c) {
        float[] v = floats(n, c, "constant").clone();
        for (int i = 0; i < v.length; i++) v[i] = -v[i];
        return TensorProto.ofFloats(c.name(), c.dims(), v);
    }

    static Op.BatchNorm affine(int channels, float gamma, float beta) {
        float[] g = new float[channels], b = new float[channels];
        Arrays.fill(g, gamma);
        Arrays.fill(b, beta);
        return affine(g, b);
    }

    /** y = gamma x + beta as a BatchNorm: mean 0, var 1 and eps 0 make its division exact. */
    static Op.BatchNorm affine(float[] gamma, float[] beta) {
        float[] mean = new float[gamma.length], var = new float[gamma.length];
        Arrays.fill(var, 1f);
        return new Op.BatchNorm(gamma, beta, mean, var, 0f);
    }

    static void activation(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        Shape s = ctx.shape(x);
        switch (n.opType()) {
            case "HardSigmoid" -> OpImporters.unary(ctx, n, new Op.HardSigmoid(attrFloat(n, "alpha", 0.2f), attrFloat(n, "beta", 0.5f)));
            case "HardSwish" -> {
                String gate = ctx.emitHidden(n, "gate", new Op.HardSigmoid(1f / 6f, 0.5f), List.of(x.ir()), s);
                ctx.emit(n, new Op.Mul(), List.of(x.ir(), gate), s, x.rank());
            }
            case "LeakyRelu" -> {
                float[] slope = new float[s.channels()];
                Arrays.fill(slope, attrFloat(n, "alpha", 0.01f));
                OpImporters.unary(ctx, n, new Op.PRelu(slope));
            }
            case "PRelu" -> {
                TensorProto t = ctx.constant(n, 1, "slope", false);
                // before opset 7 a 1-D slope of C values was per channel (legacy broadcasting)
                boolean legacy = ctx.opset < 7 && t.dims().length == 1 && t.dims()[0] == s.channels();
                if (legacy) t = TensorProto.ofFloats(t.name(), new long[] {s.channels(), 1}, floats(n, t, "slope"));
                if (!legacy) requireBroadcastable(ctx, n, x, t);
                OpImporters.unary(ctx, n, new Op.PRelu(legacy ? floats(n, t, "slope") : OpImporters.perChannel(n, t, s.channels(), x.rank(), "slope")));
            }
            case "LRN" -> {
                long size = attrInt(n, "size", 0);
                if (size <= 0) throw error(n, "needs a positive size attribute");
                OpImporters.unary(ctx, n, new Op.Lrn((int) size, attrFloat(n, "alpha", 1e-4f), attrFloat(n, "beta", 0.75f),
                        attrFloat(n, "bias", 1f)));
            }
            default -> throw error(n, "is not an activation");
        }
    }

    /** Max/Min of an activation and one constant value is a Clip from below/above. */
    static void bound(ImportContext ctx, NodeProto n) {
        if (n.inputs().size() == 1) {
            ctx.alias(n, ctx.data(n, 0));
            return;
        }
        if (n.inputs().size() != 2) throw error(n, "has " + n.inputs().size() + " inputs; dlas supports Max/Min of an activation and a constant");
        boolean c0 = ctx.constants.containsKey(n.input(0)), c1 = ctx.constants.containsKey(n.input(1));
        if (c0 == c1) {
            throw error(n, (c0 ? "of two constants" : "of two activations") + " is not supported; dlas supports Max/Min of an activation and a constant");
        }
        Val x = ctx.data(n, c0 ? 1 : 0);
        TensorProto c = ctx.constants.get(n.input(c0 ? 0 : 1));
        float v = ImportContext.scalar(n, c, "bound");
        boolean max = n.opType().equals("Max");
        Op op = max ? (v == 0f ? new Op.Relu() : new Op.Clip(v, Float.POSITIVE_INFINITY)) : new Op.Clip(Float.NEGATIVE_INFINITY, v);
        OpImporters.unary(ctx, n, op);
    }

    /** ReduceMean over H and W of an [N,C,H,W] activation is global average pooling. */
    static void reduceMean(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        long[] axes = ctx.opset < 18 ? attrInts(n, "axes", null)
                : n.input(1).isEmpty() ? null : ImportContext.longs(n, ctx.constant(n, 1, "axes", false), "axes");
        long[] norm = axes == null ? null : Arrays.stream(axes).map(a -> a < 0 ? a + x.rank() : a).sorted().toArray();
        if (x.rank() != 4 || norm == null || !Arrays.equals(norm, new long[] {2, 3})) {
            throw error(n, "reduces axes " + (axes == null ? "(all)" : Arrays.toString(axes)) + " of " + ctx.onnxDims(x)
                    + "; dlas supports ReduceMean over the spatial axes [2, 3] of an [N,C,H,W] activation (global average pooling)");
        }
        boolean keep = attrInt(n, "keepdims", 1) != 0;
        ctx.emit(n, new Op.GlobalAvgPool(), List.of(x.ir()), new Shape(ctx.shape(x).channels(), 1, 1), keep ? 4 : 2);
    }
}
