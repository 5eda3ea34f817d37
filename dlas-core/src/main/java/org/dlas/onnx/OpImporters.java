package org.dlas.onnx;

import static org.dlas.onnx.ImportContext.BATCH;
import static org.dlas.onnx.ImportContext.attrFloat;
import static org.dlas.onnx.ImportContext.attrInt;
import static org.dlas.onnx.ImportContext.attrInts;
import static org.dlas.onnx.ImportContext.attrString;
import static org.dlas.onnx.ImportContext.error;
import static org.dlas.onnx.ImportContext.floats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;
import org.dlas.onnx.ImportContext.IrNode;
import org.dlas.onnx.ImportContext.Val;

/** Converts each supported ONNX operator into IR nodes (or aliases, constants and folds). */
final class OpImporters {
    private OpImporters() { }

    static void apply(ImportContext ctx, NodeProto n) {
        if (n.outputs().isEmpty() || n.outputs().get(0).isEmpty()) throw error(n, "has no output");
        switch (n.opType()) {
            case "Constant" -> constant(ctx, n);
            case "Identity", "Dropout" -> identity(ctx, n);
            case "Conv" -> conv(ctx, n);
            case "Gemm" -> gemm(ctx, n);
            case "MatMul" -> matMul(ctx, n);
            case "Add", "Sub", "Mul", "Div" -> ElementwiseImporters.arithmetic(ctx, n);
            case "Sigmoid" -> unary(ctx, n, new Op.Sigmoid());
            case "Max", "Min" -> ElementwiseImporters.bound(ctx, n);
            case "Pad" -> LayoutImporters.pad(ctx, n);
            case "Tanh" -> unary(ctx, n, new Op.Tanh());
            case "Reciprocal" -> unary(ctx, n, new Op.Reciprocal());
            case "HardSigmoid", "HardSwish", "LeakyRelu", "PRelu", "LRN" -> ElementwiseImporters.activation(ctx, n);
            case "ReduceMean" -> ElementwiseImporters.reduceMean(ctx, n);
            case "BatchNormalization" -> batchNorm(ctx, n);
            case "Relu" -> unary(ctx, n, new Op.Relu());
            case "Clip" -> clip(ctx, n);
            case "MaxPool" -> pool(ctx, n, true);
            case "AveragePool" -> pool(ctx, n, false);
            case "GlobalAveragePool" -> globalAvgPool(ctx, n);
            case "Concat" -> { if (ConstantFolding.allConstant(ctx, n)) ConstantFolding.concat(ctx, n); else concat(ctx, n); }
            case "Flatten" -> flatten(ctx, n);
            case "Reshape" -> { if (ctx.constants.containsKey(n.input(0))) ConstantFolding.reshape(ctx, n); else reshape(ctx, n); }
            case "Transpose", "Unsqueeze", "Squeeze", "Cast", "CastLike" -> {
                if (ctx.constants.containsKey(n.input(0))) ConstantFolding.apply(ctx, n);
                else LayoutImporters.view(ctx, n);
            }
            case "Shape" -> ConstantFolding.apply(ctx, n);
            case "Gather", "Slice" -> {
                if (ctx.constants.containsKey(n.input(0))) ConstantFolding.apply(ctx, n);
                else if (n.opType().equals("Gather")) SelectImporters.gather(ctx, n);
                else SelectImporters.slice(ctx, n);
            }
            case "Split" -> SelectImporters.split(ctx, n);
            case "Resize", "Upsample" -> SelectImporters.resize(ctx, n);
            case "SequenceEmpty", "SequenceConstruct", "SequenceInsert", "SequenceErase", "SequenceLength", "SequenceAt",
                    "ConcatFromSequence", "SplitToSequence" -> SequenceImporters.apply(ctx, n);
            case "SequenceMap" -> ControlFlowImporters.sequenceMap(ctx, n);
            case "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Xor" -> ConstantFolding.logic(ctx, n);
            case "If" -> ControlFlowImporters.ifNode(ctx, n);
            case "Loop" -> ControlFlowImporters.loop(ctx, n);
            case "Softmax" -> softmax(ctx, n);
            default -> throw error(n, "operator not supported"); // excluded by the scan before import
        }
    }

    // ---- constants and pass-through ----------------------------------------------------------

    private static void constant(ImportContext ctx, NodeProto n) {
        String out = n.outputs().get(0);
        if (n.attributes().size() != 1) throw error(n, "should have exactly one value attribute, has " + n.attributes());
        AttributeProto a = n.attributes().get(0);
        TensorProto t = switch (a.name()) {
            case "value" -> {
                if (a.type() != AttributeProto.TENSOR || a.t() == null) throw error(n, "value should be a tensor");
                yield a.t();
            }
            case "value_float" -> TensorProto.ofFloats(out, new long[0], new float[] {a.f()});
            case "value_floats" -> TensorProto.ofFloats(out, new long[] {a.floats().length}, a.floats());
            case "value_int" -> TensorProto.ofLongs(out, new long[0], new long[] {a.i()});
            case "value_ints" -> TensorProto.ofLongs(out, new long[] {a.ints().length}, a.ints());
            default -> throw error(n, "Constant with attribute " + a.name() + " (" + a.typeName() + ") is not supported");
        };
        ctx.constants.put(out, t.withName(out));
    }

    private static void identity(ImportContext ctx, NodeProto n) {
        if (n.opType().equals("Dropout") && n.outputs().size() > 1 && !n.outputs().get(1).isEmpty()
                && ctx.readerCount(n.outputs().get(1)) > 0) {
            throw error(n, "its mask output '" + n.outputs().get(1) + "' is used; dlas imports Dropout for inference only");
        }
        String src = n.input(0);
        TensorProto c = ctx.constants.get(src);
        if (c != null) ctx.constants.put(n.outputs().get(0), c);
        else ctx.alias(n, ctx.data(n, 0));
    }

    // ---- MAC layers ----------------------------------------------------------------------------

    private static void conv(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        requireRank(ctx, n, x, 4);
        TensorProto wt = ctx.constant(n, 1, "weight", false);
        long[] wd = wt.dims();
        if (wd.length != 4) {
            throw error(n, "weight '" + wt.name() + "' has dims " + Arrays.toString(wd) + "; only 2-D convolutions (4-D weights) are supported");
        }
        int k = (int) wd[0], cg = (int) wd[1], r = (int) wd[2], s = (int) wd[3];
        long[] ks = attrInts(n, "kernel_shape", new long[] {r, s});
        if (ks.length != 2 || ks[0] != r || ks[1] != s) {
            throw error(n, "kernel_shape " + Arrays.toString(ks) + " does not match weight dims " + Arrays.toString(wd));
        }
        Padding.requireNoDilation(n);
        long group = attrInt(n, "group", 1);
        int[] stride = Padding.pair(n, "strides", 1);
        Shape in = ctx.shape(x);
        if (group <= 0 || (long) cg * group != in.channels()) {
            throw error(n, "input has " + in.channels() + " channels but weight " + Arrays.toString(wd) + " with group=" + group
                    + " expects " + (long) cg * group);
        }
        int[] pad = Padding.resolve(n, in.height(), in.width(), r, s, stride[0], stride[1]);
        int[] extra = ctx.zeroPadded.get(n.input(0));
        if (extra != null) {
            // the zero Pad before this conv becomes part of its padding (the IR shape is the unpadded input)
            pad = new int[] {pad[0] + extra[0], pad[1] + extra[1]};
        }
        float[] w = floats(n, wt, "weight");
        float[] b = bias(ctx, n, 2, k);
        ConvSpec spec;
        try {
            spec = new ConvSpec(in.channels(), k, r, s, stride[0], stride[1], pad[0], pad[1], (int) group);
        } catch (IllegalArgumentException e) {
            throw error(n, e.getMessage());
        }
        Shape out = new Shape(k, spec.outH(in.height()), spec.outW(in.width()));
        ctx.emit(n, new Op.Conv2d(spec, w, b, null), List.of(x.ir()), out, 4);
    }

    /** A per-output-channel bias input (optional). */
    private static float[] bias(ImportContext ctx, NodeProto n, int input, int channels) {
        TensorProto bt = ctx.constant(n, input, "bias", true);
        if (bt == null) return null;
        if (bt.elementCount() != channels) {
            throw error(n, "bias '" + bt.name() + "' has dims " + Arrays.toString(bt.dims()) + ", expected " + channels + " values");
        }
        return floats(n, bt, "bias");
    }

    private static void gemm(ImportContext ctx, NodeProto n) {
        Val a = ctx.data(n, 0);
        if (a.rank() != 2) throw error(n, "input A has dims " + ctx.onnxDims(a) + "; Gemm needs 2-D [N, features]");
        if (attrInt(n, "transA", 0) != 0) throw error(n, "transA=1 is not supported (the activation must be [N, features])");
        TensorProto bt = ctx.constant(n, 1, "weight B", false);
        if (bt.dims().length != 2) throw error(n, "weight B '" + bt.name() + "' has dims " + Arrays.toString(bt.dims()) + ", expected 2-D");
        boolean transB = attrInt(n, "transB", 0) != 0;
        float alpha = attrFloat(n, "alpha", 1f), beta = attrFloat(n, "beta", 1f);
        int rows = (int) bt.dims()[0], cols = (int) bt.dims()[1];
        int in = transB ? cols : rows, out = transB ? rows : cols;
        int features = ctx.shape(a).size();
        if (in != features) {
            throw error(n, "weight B " + Arrays.toString(bt.dims()) + (transB ? " (transB=1)" : "") + " takes " + in
                    + " features, input has " + features);
        }
        float[] raw = floats(n, bt, "weight B");
        float[] w = transB ? raw : transpose(raw, in, out);
        if (alpha != 1f) for (int i = 0; i < w.length; i++) w[i] *= alpha;
        float[] b = null;
        TensorProto ct = beta == 0f ? null : ctx.constant(n, 2, "bias C", true);
        if (ct != null) {
            b = perChannel(n, ct, out, 2, "bias C");
            if (beta != 1f) for (int i = 0; i < b.length; i++) b[i] *= beta;
        }
        ctx.emit(n, new Op.Dense(in, out, w, b, null), List.of(a.ir()), new Shape(out, 1, 1), 2);
    }

    private static void matMul(ImportContext ctx, NodeProto n) {
        if (ctx.constants.containsKey(n.input(0))) {
            throw error(n, "MatMul with the constant as first operand (W x) is not supported; dlas needs x W");
        }
        Val a = ctx.data(n, 0);
        if (a.rank() != 2) throw error(n, "input A has dims " + ctx.onnxDims(a) + "; dlas supports MatMul of a 2-D [N, features] activation");
        TensorProto bt = ctx.constant(n, 1, "weight B", false);
        if (bt.dims().length != 2) throw error(n, "weight B '" + bt.name() + "' has dims " + Arrays.toString(bt.dims()) + ", expected 2-D");
        int in = (int) bt.dims()[0], out = (int) bt.dims()[1];
        int features = ctx.shape(a).size();
        if (in != features) throw error(n, "weight B " + Arrays.toString(bt.dims()) + " takes " + in + " features, input has " + features);
        float[] w = transpose(floats(n, bt, "weight B"), in, out);
        ctx.emit(n, new Op.Dense(in, out, w, null, null), List.of(a.ir()), new Shape(out, 1, 1), 2);
    }

    /** [rows, cols] row-major to [cols, rows]. */
    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
        return t;
    }

    /**
     * A constant that broadcasts per channel against an activation of {@code rank}: one value, or
     * [C] / [1, C] at rank 2, or [C, 1, 1] / [1, C, 1, 1] at rank 4.
     */
    static float[] perChannel(NodeProto n, TensorProto t, int channels, int rank, String role) {
        float[] v = floats(n, t, role);
        float[] out = new float[channels];
        if (v.length == 1 && t.dims().length <= rank) {
            Arrays.fill(out, v[0]);
            return out;
        }
        long[] d = t.dims();
        // ONNX aligns dims from the right: constant axis cAt meets the activation's channel axis 1
        int cAt = d.length - (rank - 1);
        boolean ok = d.length <= rank && cAt >= 0 && d[cAt] == channels;
        for (int i = 0; ok && i < d.length; i++) ok = i == cAt || d[i] == 1;
        if (!ok) {
            throw error(n, role + " '" + t.name() + "' has dims " + Arrays.toString(d) + "; dlas needs one value per channel ("
                    + channels + (rank == 4 ? " as [C,1,1]" : rank == 3 ? " as [C,1]" : "") + ") or a scalar");
        }
        return v;
    }

    // ---- element-wise ------------------------------------------------------------------------

    /** Folds Add(layer output, constant) into the layer's bias (MatMul + Add, Conv + Add). */
    static void foldBias(ImportContext ctx, NodeProto n, String tensor, Val v, TensorProto c) {
        IrNode p = ctx.node(v.ir());
        boolean layer = p.op instanceof Op.Conv2d || p.op instanceof Op.Dense;
        if (!layer || !tensor.equals(p.onnxOutput) || ctx.readerCount(tensor) != 1) {
            throw error(n, "adds constant '" + c.name() + "' to '" + tensor + "'; dlas folds a constant Add only into the bias of the "
                    + "Conv/Gemm/MatMul that produces the other input, and only when nothing else reads that output");
        }
        int channels = p.shape.channels();
        float[] add = perChannel(n, c, channels, v.rank(), "constant");
        float[] old = p.op instanceof Op.Conv2d cv ? cv.bias() : ((Op.Dense) p.op).bias();
        float[] bias = new float[channels];
        for (int i = 0; i < channels; i++) bias[i] = (old == null ? 0f : old[i]) + add[i];
        p.op = p.op instanceof Op.Conv2d cv ? cv.withWeights(cv.weight(), bias) : ((Op.Dense) p.op).withWeights(((Op.Dense) p.op).weight(), bias);
        p.onnxOutput = n.outputs().get(0);
        ctx.alias(n, v);
    }

    static void unary(ImportContext ctx, NodeProto n, Op op) {
        Val x = ctx.data(n, 0);
        ctx.emit(n, op, List.of(x.ir()), ctx.shape(x), x.rank());
    }

    private static void clip(ImportContext ctx, NodeProto n) {
        float lo, hi;
        if (ctx.opset < 11) {
            lo = attrFloat(n, "min", Float.NEGATIVE_INFINITY);
            hi = attrFloat(n, "max", Float.POSITIVE_INFINITY);
        } else {
            TensorProto min = ctx.constant(n, 1, "min", true), max = ctx.constant(n, 2, "max", true);
            lo = min == null ? Float.NEGATIVE_INFINITY : ImportContext.scalar(n, min, "min");
            hi = max == null ? Float.POSITIVE_INFINITY : ImportContext.scalar(n, max, "max");
        }
        if (lo == 0f && hi == 6f) unary(ctx, n, new Op.Relu6());
        else if (lo == 0f && hi >= Float.MAX_VALUE) unary(ctx, n, new Op.Relu());
        else if (lo <= hi) unary(ctx, n, new Op.Clip(lo, hi));
        else throw error(n, "Clip(min=" + lo + ", max=" + hi + ") has min above max");
    }

    private static void batchNorm(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        if (attrInt(n, "training_mode", 0) != 0) throw error(n, "training_mode=1 is not supported (inference only)");
        if (attrInt(n, "spatial", 1) != 1) throw error(n, "spatial=0 (per-element statistics) is not supported");
        for (int i = 1; i < n.outputs().size(); i++) {
            if (!n.outputs().get(i).isEmpty() && ctx.readerCount(n.outputs().get(i)) > 0) {
                throw error(n, "its training output '" + n.outputs().get(i) + "' is used (inference only)");
            }
        }
        int c = ctx.perImageDims(x)[0];
        String[] roles = {"scale", "bias B", "mean", "var"};
        float[][] p = new float[4][];
        for (int i = 0; i < 4; i++) {
            TensorProto t = ctx.constant(n, i + 1, roles[i], false);
            if (t.elementCount() != c) throw error(n, roles[i] + " '" + t.name() + "' has " + t.elementCount() + " values, input has " + c + " channels");
            p[i] = floats(n, t, roles[i]);
        }
        float eps = attrFloat(n, "epsilon", 1e-5f);
        ctx.emit(n, new Op.BatchNorm(p[0], p[1], p[2], p[3], eps), List.of(x.ir()), ctx.shape(x), x.rank());
    }

    // ---- pooling -----------------------------------------------------------------------------

    private static void pool(ImportContext ctx, NodeProto n, boolean max) {
        Val x = ctx.data(n, 0);
        if (x.rank() == 3) {
            pool1d(ctx, n, x, max);
            return;
        }
        requireRank(ctx, n, x, 4);
        if (max && n.outputs().size() > 1 && !n.outputs().get(1).isEmpty() && ctx.readerCount(n.outputs().get(1)) > 0) {
            throw error(n, "its Indices output is used; not supported");
        }
        long[] ks = attrInts(n, "kernel_shape", null);
        if (ks == null || ks.length != 2) throw error(n, "kernel_shape " + (ks == null ? "missing" : Arrays.toString(ks)) + "; only 2-D pooling is supported");
        int[] stride = Padding.pair(n, "strides", 1);
        Padding.requireNoDilation(n);
        int kh = (int) ks[0], kw = (int) ks[1];
        Shape in = ctx.shape(x);
        int[] pad = Padding.resolve(n, in.height(), in.width(), kh, kw, stride[0], stride[1]);
        emitPool(ctx, n, x, max, new int[] {kh, kw}, stride, pad);
    }

    /** 1-D pooling of a [N,C,L] sequence (C x 1 x L in the IR): a 1 x k window. */
    private static void pool1d(ImportContext ctx, NodeProto n, Val x, boolean max) {
        long[] ks = attrInts(n, "kernel_shape", null);
        if (ks == null || ks.length != 1) throw error(n, "kernel_shape " + (ks == null ? "missing" : Arrays.toString(ks)) + " on " + ctx.onnxDims(x));
        long[] strides = attrInts(n, "strides", new long[] {1}), pads = attrInts(n, "pads", new long[] {0, 0});
        if (strides.length != 1 || pads.length != 2) throw error(n, "strides/pads do not fit a 1-D window");
        if (pads[0] != pads[1]) throw error(n, "asymmetric padding " + Arrays.toString(pads) + "; dlas pools with symmetric padding");
        if (!attrString(n, "auto_pad", "NOTSET").equals("NOTSET") && !attrString(n, "auto_pad", "").equals("VALID")) {
            throw error(n, "auto_pad " + attrString(n, "auto_pad", "") + " on a 1-D pool is not supported; give pads");
        }
        Padding.requireNoDilation(n);
        emitPool(ctx, n, x, max, new int[] {1, (int) ks[0]}, new int[] {1, (int) strides[0]}, new int[] {0, (int) pads[0]});
    }

    private static void emitPool(ImportContext ctx, NodeProto n, Val x, boolean max, int[] k, int[] s, int[] pad) {
        Shape in = ctx.shape(x);
        for (int a = 0; a < 2; a++) {
            if (pad[a] >= k[a]) throw error(n, "padding " + pad[a] + " is not smaller than the kernel " + k[a]);
        }
        if (!max && attrInt(n, "count_include_pad", 0) != 0 && (pad[0] > 0 || pad[1] > 0)) {
            throw error(n, "count_include_pad=1 with padding " + Arrays.toString(pad) + " is not supported; dlas average pooling excludes padded cells");
        }
        int oh = Math.floorDiv(in.height() + 2 * pad[0] - k[0], s[0]) + 1, ow = Math.floorDiv(in.width() + 2 * pad[1] - k[1], s[1]) + 1;
        if (attrInt(n, "ceil_mode", 0) != 0 && (ceilOut(in.height(), pad[0], k[0], s[0]) != oh || ceilOut(in.width(), pad[1], k[1], s[1]) != ow)) {
            throw error(n, "ceil_mode=1 changes the output size on a " + in.height() + "x" + in.width() + " input; dlas pools with floor");
        }
        if (oh <= 0 || ow <= 0) throw error(n, "window " + k[0] + "x" + k[1] + " larger than the padded input " + in);
        Op op = max ? new Op.MaxPool(k[0], k[1], s[0], s[1], pad[0], pad[1]) : new Op.AvgPool(k[0], k[1], s[0], s[1], pad[0], pad[1]);
        ctx.emit(n, op, List.of(x.ir()), new Shape(in.channels(), oh, ow), x.rank());
    }

    private static int ceilOut(int in, int p, int k, int s) {
        int out = Math.floorDiv(in + 2 * p - k + s - 1, s) + 1;
        if ((out - 1) * s >= in + p) out--; // the last window may not start in the end padding
        return out;
    }

    private static void globalAvgPool(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        requireRank(ctx, n, x, 4);
        ctx.emit(n, new Op.GlobalAvgPool(), List.of(x.ir()), new Shape(ctx.shape(x).channels(), 1, 1), 4);
    }

    // ---- layout ------------------------------------------------------------------------------

    private static void concat(ImportContext ctx, NodeProto n) {
        List<Val> in = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) in.add(ctx.data(n, i));
        if (in.isEmpty()) throw error(n, "has no inputs");
        int rank = in.get(0).rank();
        for (Val v : in) {
            if (v.rank() != rank) throw error(n, "concatenates tensors of different ranks");
        }
        long axis = attrInt(n, "axis", ctx.opset < 4 ? 1 : Long.MIN_VALUE);
        if (axis == Long.MIN_VALUE) throw error(n, "has no axis attribute");
        if (axis < 0) axis += rank;
        if (axis != 1) throw error(n, "concatenates along axis " + axis + " of " + ctx.onnxDims(in.get(0)) + "; dlas concatenates channels (axis 1) only");
        concatChannels(ctx, n, in);
    }

    /**
     * Joins activations of one rank along channels (Concat, and ConcatFromSequence of activations):
     * one input is an alias, several must share their spatial size.
     */
    static void concatChannels(ImportContext ctx, NodeProto n, List<Val> in) {
        if (in.size() == 1) {
            ctx.alias(n, in.get(0));
            return;
        }
        Shape first = ctx.shape(in.get(0));
        int c = 0;
        List<String> irs = new ArrayList<>();
        for (Val v : in) {
            Shape s = ctx.shape(v);
            if (s.height() != first.height() || s.width() != first.width()) {
                throw error(n, "concatenates " + ctx.onnxDims(in.get(0)) + " and " + ctx.onnxDims(v) + ", whose spatial sizes differ");
            }
            c += s.channels();
            irs.add(v.ir());
        }
        ctx.emit(n, new Op.Concat(), irs, new Shape(c, first.height(), first.width()), in.get(0).rank());
    }

    private static void flatten(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        int rank = x.rank();
        long axis = attrInt(n, "axis", 1);
        if (axis < 0) axis += rank;
        if (axis <= 0 || axis > rank) throw error(n, "axis " + attrInt(n, "axis", 1) + " on " + ctx.onnxDims(x) + " would fold the batch dimension into the features");
        int[] dims = ctx.perImageDims(x);
        long lead = 1;
        for (int i = 0; i < axis - 1; i++) lead *= dims[i];
        if (lead != 1) throw error(n, "axis " + axis + " on " + ctx.onnxDims(x) + " merges the batch dimension with others");
        String out = n.outputs().get(0);
        if (n.docString().contains(OnnxExporter.IMPLICIT_FLATTEN) && onlyReadByDense(ctx, out)) {
            // inserted by the exporter in front of a Dense: the IR Dense flattens implicitly
            ctx.alias(n, new Val(x.ir(), 2));
            return;
        }
        ctx.emit(n, new Op.Flatten(), List.of(x.ir()), new Shape(ctx.shape(x).size(), 1, 1), 2);
    }

    private static boolean onlyReadByDense(ImportContext ctx, String tensor) {
        if (ctx.graphOutputs.contains(tensor)) return false;
        List<NodeProto> readers = ctx.readers.getOrDefault(tensor, List.of());
        if (readers.isEmpty()) return false;
        for (NodeProto r : readers) {
            if (!(r.opType().equals("Gemm") || r.opType().equals("MatMul")) || !r.input(0).equals(tensor)) return false;
        }
        return true;
    }

    private static void reshape(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        long[] target;
        if (ctx.opset < 5) {
            target = attrInts(n, "shape", null);
            if (target == null) throw error(n, "has no shape attribute");
        } else {
            TensorProto t = ctx.constant(n, 1, "shape", false);
            if (t.dims().length != 1) throw error(n, "shape '" + t.name() + "' should be 1-D");
            target = ImportContext.longs(n, t, "shape");
        }
        String wanted = ConstantFolding.show(target);
        boolean allowZero = attrInt(n, "allowzero", 0) != 0;
        int[] in = ctx.perImageDims(x);
        int size = ctx.shape(x).size();
        if (target.length == 0) throw error(n, "reshapes to a scalar");
        long[] t = target.clone();
        for (int i = 0; i < t.length; i++) {
            if (t[i] == BATCH) {
                if (i != 0) throw error(n, "shape " + wanted + " moves the batch dimension to position " + i);
            } else if (t[i] == 0 && !allowZero) {
                if (i == 0) t[i] = BATCH;
                else if (i - 1 < in.length) t[i] = in[i - 1];
                else throw error(n, "shape " + wanted + " copies dimension " + i + ", which " + ctx.onnxDims(x) + " does not have");
            } else if (t[i] < -1 || t[i] == 0) {
                throw error(n, "shape " + wanted + " gives an empty or invalid dimension");
            }
        }
        long[] rest = Arrays.copyOfRange(t, 1, t.length);
        boolean batchFirst = t[0] == BATCH || ctx.batch != null && t[0] == ctx.batch
                || t[0] == -1 && Arrays.stream(rest).noneMatch(d -> d == -1) && Arrays.stream(rest).reduce(1, (a, b) -> a * b) == size;
        if (!batchFirst) {
            throw error(n, "shape " + wanted + " on " + ctx.onnxDims(x) + " does not keep the batch dimension first; dlas reshapes within one image only");
        }
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < rest.length; i++) {
            if (rest[i] == -1) {
                if (unknown >= 0) throw error(n, "shape " + wanted + " has more than one -1");
                unknown = i;
            } else known *= rest[i];
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) throw error(n, "shape " + wanted + " does not fit " + ctx.onnxDims(x));
            rest[unknown] = size / known;
        } else if (known != size) {
            throw error(n, "shape " + wanted + " does not fit " + ctx.onnxDims(x) + " (" + size + " values per image)");
        }
        if (x.rank() == 5 && rest.length != 3) {
            throw error(n, "reshapes a 5-D view to " + wanted + "; dlas takes such views only back to [N,C,H,W] (a channel shuffle)");
        }
        if (rest.length == 1) {
            if (x.rank() == 2) ctx.alias(n, x);
            else ctx.emit(n, new Op.Flatten(), List.of(x.ir()), new Shape(size, 1, 1), 2);
            return;
        }
        if (rest.length == 3) {
            Shape s = new Shape((int) rest[0], (int) rest[1], (int) rest[2]);
            if (x.rank() == 5 && s.equals(ctx.shape(x))) {
                // the end of a channel shuffle: the view's channel order, as one Select
                int[] order = ctx.viewOrder.get(n.input(0));
                if (Op.Select.keepsAll(order, s.channels())) ctx.alias(n, new Val(x.ir(), 4));
                else ctx.emit(n, new Op.Select(order, Op.Select.all(s.height()), Op.Select.all(s.width())), List.of(x.ir()), s, 4);
                return;
            }
            if (s.equals(ctx.shape(x))) {
                ctx.alias(n, new Val(x.ir(), 4));
                return;
            }
            if (unflattenSoftmax(ctx, n, x, s)) return;
            if (relabel(ctx, n, x, s)) return;
            throw error(n, "reshapes " + ctx.onnxDims(x) + " to " + wanted + "; dlas cannot rearrange an image into another C x H x W");
        }
        Shape xs = ctx.shape(x);
        if (rest.length == 4 && x.rank() == 4 && rest[2] == xs.height() && rest[3] == xs.width() && rest[0] * rest[1] == xs.channels()) {
            // the start of a channel shuffle: [N,C,H,W] seen as [N,a,b,H,W], values in place
            String out = n.outputs().get(0);
            ctx.viewGroups.put(out, new int[] {(int) rest[0], (int) rest[1]});
            ctx.viewOrder.put(out, Op.Select.all(xs.channels()));
            ctx.values.put(out, new Val(x.ir(), 5));
            return;
        }
        throw error(n, "reshapes to rank " + target.length + " (" + wanted + "); dlas activations are [N,C,H,W] or [N,F]"
                + (rest.length == 4 ? ", and [N,g,C/g,H,W] views for a channel shuffle" : ""));
    }

    /**
     * A Reshape that keeps every value in place but gives the image other C x H x W dims (as
     * tf2onnx writes for NHWC inputs with one channel): of the graph input, when nothing else reads
     * it, the input is declared with the new dims; into a graph output that nothing reads, the
     * output is the same values (only its ONNX dims differ).
     */
    private static boolean relabel(ImportContext ctx, NodeProto n, Val x, Shape target) {
        IrNode source = ctx.node(x.ir());
        String out = n.outputs().get(0);
        if (source.op instanceof Op.Input && ctx.readerCount(n.input(0)) == 1) {
            source.op = new Op.Input(target.channels(), target.height(), target.width());
            source.shape = target;
            ctx.alias(n, new Val(x.ir(), 4));
            return true;
        }
        if (ctx.graphOutputs.contains(out) && ctx.readerCount(out) == 1) {
            ctx.alias(n, x);
            return true;
        }
        return false;
    }

    /**
     * Flatten, Softmax, Reshape back to the unflattened shape is one IR Softmax over the image
     * (the exporter writes a 4-D Softmax this way). Rewires the Softmax to read the Flatten's input.
     */
    private static boolean unflattenSoftmax(ImportContext ctx, NodeProto n, Val x, Shape target) {
        IrNode softmax = ctx.node(x.ir());
        if (!(softmax.op instanceof Op.Softmax) || !n.input(0).equals(softmax.onnxOutput) || ctx.readerCount(n.input(0)) != 1) return false;
        IrNode flatten = ctx.node(softmax.inputs.get(0));
        if (!(flatten.op instanceof Op.Flatten) || ctx.readerCount(flatten.onnxOutput) != 1) return false;
        IrNode source = ctx.node(flatten.inputs.get(0));
        if (!source.shape.equals(target)) return false;
        flatten.removed = true;
        softmax.inputs = new ArrayList<>(List.of(source.name));
        softmax.shape = target;
        ctx.alias(n, new Val(softmax.name, 4));
        return true;
    }

    private static void softmax(ImportContext ctx, NodeProto n) {
        Val x = ctx.data(n, 0);
        int rank = x.rank();
        long axis = attrInt(n, "axis", ctx.opset < 13 ? 1 : -1);
        if (axis < 0) axis += rank;
        if (axis < 1 || axis >= rank) throw error(n, "axis " + attrInt(n, "axis", 0) + " on " + ctx.onnxDims(x) + " is not a per-image softmax");
        int[] dims = ctx.perImageDims(x);
        long outside = 1; // per-image values not normalised together
        for (int i = 0; i < dims.length; i++) {
            boolean inside = ctx.opset < 13 ? i + 1 >= axis : i + 1 == axis;
            if (!inside) outside *= dims[i];
        }
        if (outside != 1) {
            throw error(n, "softmax over axis " + axis + " of " + ctx.onnxDims(x) + " (opset " + ctx.opset
                    + ") normalises parts of each image separately; dlas's Softmax normalises each image's values together");
        }
        ctx.emit(n, new Op.Softmax(), List.of(x.ir()), ctx.shape(x), rank);
    }

    private static void requireRank(ImportContext ctx, NodeProto n, Val x, int rank) {
        if (x.rank() != rank) {
            throw error(n, "input has dims " + ctx.onnxDims(x) + "; " + n.opType() + " needs a " + rank + "-D " + (rank == 4 ? "[N,C,H,W]" : "") + " input");
        }
    }
}
