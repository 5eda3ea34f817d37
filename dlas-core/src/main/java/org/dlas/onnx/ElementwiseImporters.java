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
 * Conv/Gemm that produces the other operand; Sub of two activations is Add of a negated one;
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

    private static void twoActivations(ImportContext ctx, NodeProto n) {
        Val a = ctx.data(n, 0), b = ctx.data(n, 1);
        Shape sa = ctx.shape(a), sb = ctx.shape(b);
        boolean equal = a.rank() == b.rank() && sa.equals(sb);
        String op = n.opType();
        if (op.equals("Mul")) {
            boolean bPerChannel = a.rank() == 4 && b.rank() == 4 && sb.channels() == sa.channels() && sb.height() * sb.width() == 1;
            boolean aPerChannel = a.rank() == 4 && b.rank() == 4 && sa.channels() == sb.channels() && sa.height() * sa.width() == 1;
            if (equal || bPerChannel) {
                ctx.emit(n, new Op.Mul(), List.of(a.ir(), b.ir()), sa, a.rank());
                return;
            }
            if (aPerChannel) {
                ctx.emit(n, new Op.Mul(), List.of(b.ir(), a.ir()), sb, b.rank());
                return;
            }
            throw error(n, "multiplies " + ctx.onnxDims(a) + " by " + ctx.onnxDims(b)
                    + "; dlas multiplies activations of equal shape, or by one value per channel ([N,C,1,1])");
        }
        if (!equal) {
            throw error(n, op + " of " + ctx.onnxDims(a) + " and " + ctx.onnxDims(b) + "; dlas " + (op.equals("Div") ? "divides" : "adds")
                    + " activations of equal shape only (no broadcasting between two activations)");
        }
        if (op.equals("Add")) {
            ctx.emit(n, new Op.Add(), List.of(a.ir(), b.ir()), sa, a.rank());
        } else if (op.equals("Sub")) {
            String negated = ctx.emitHidden(n, "neg", affine(sb.channels(), -1f, 0f), List.of(b.ir()), sb);
            ctx.emit(n, new Op.Add(), List.of(a.ir(), negated), sa, a.rank());
        } else {
            throw error(n, "divides one activation by another; dlas divides activations by constants only");
        }
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
