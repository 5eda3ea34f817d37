package org.dlas.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlas.kernels.ConvSpec;

/** Infers each node's per-image output shape and checks that inputs fit. */
final class ShapeInference {
    private ShapeInference() { }

    static Map<String, Shape> infer(String graphName, List<Node> nodes) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        if (nodes.isEmpty() || !(nodes.get(0).op() instanceof Op.Input)) {
            throw new IrException(graphName + ": the first node must be an Input");
        }
        for (Node n : nodes) {
            Shape[] in = new Shape[n.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = shapes.get(n.inputs().get(i));
                if (in[i] == null) {
                    throw new IrException(graphName + ": node '" + n.name() + "' reads '" + n.inputs().get(i)
                            + "', which is not defined before it");
                }
            }
            try {
                shapes.put(n.name(), outShape(n.op(), in));
            } catch (IrException | IllegalArgumentException e) {
                throw new IrException(graphName + ": node '" + n.name() + "' (" + n.op().kind() + "): " + e.getMessage());
            }
        }
        return shapes;
    }

    private static Shape outShape(Op op, Shape[] in) {
        if (op instanceof Op.Input i) {
            arity(in, 0);
            return new Shape(i.channels(), i.height(), i.width());
        }
        if (op instanceof Op.Conv2d c) {
            arity(in, 1);
            ConvSpec s = c.spec();
            if (in[0].channels() != s.inChannels()) throw new IrException("expects " + s.inChannels() + " input channels, got " + in[0]);
            int oh = s.outH(in[0].height()), ow = s.outW(in[0].width());
            if (oh <= 0 || ow <= 0) throw new IrException("kernel larger than padded input " + in[0]);
            return new Shape(s.outChannels(), oh, ow);
        }
        if (op instanceof Op.Dense d) {
            arity(in, 1);
            if (in[0].size() != d.in()) throw new IrException("expects " + d.in() + " input features, got " + in[0] + " = " + in[0].size());
            return new Shape(d.out(), 1, 1);
        }
        if (op instanceof Op.Pooling p) return pool(in, p);
        if (op instanceof Op.GlobalAvgPool) {
            arity(in, 1);
            return new Shape(in[0].channels(), 1, 1);
        }
        if (op instanceof Op.Relu || op instanceof Op.Relu6 || op instanceof Op.Softmax || op instanceof Op.Sigmoid
                || op instanceof Op.Tanh || op instanceof Op.Reciprocal || op instanceof Op.HardSigmoid || op instanceof Op.Clip || op instanceof Op.Lrn) {
            arity(in, 1);
            return in[0];
        }
        if (op instanceof Op.BatchNorm b) {
            arity(in, 1);
            if (b.gamma().length != in[0].channels()) throw new IrException("has " + b.gamma().length + " channels, input has " + in[0].channels());
            return in[0];
        }
        if (op instanceof Op.Flatten) {
            arity(in, 1);
            return new Shape(in[0].size(), 1, 1);
        }
        if (op instanceof Op.Add) {
            arity(in, 2);
            if (!in[0].equals(in[1])) throw new IrException("adds tensors of different shapes " + in[0] + " and " + in[1]);
            return in[0];
        }
        if (op instanceof Op.PRelu p) {
            arity(in, 1);
            if (p.slope().length != in[0].channels()) throw new IrException("has " + p.slope().length + " slopes, input has " + in[0].channels() + " channels");
            return in[0];
        }
        if (op instanceof Op.Mul) {
            arity(in, 2);
            boolean perChannel = in[1].channels() == in[0].channels() && in[1].height() == 1 && in[1].width() == 1;
            if (!in[0].equals(in[1]) && !perChannel) {
                throw new IrException("multiplies " + in[0] + " by " + in[1] + "; the second factor must have the same shape or one value per channel");
            }
            return in[0];
        }
        if (op instanceof Op.Concat) {
            if (in.length < 2) throw new IrException("needs at least 2 inputs, got " + in.length);
            int c = 0;
            for (Shape s : in) {
                if (s.height() != in[0].height() || s.width() != in[0].width()) throw new IrException("concatenates different spatial sizes " + in[0] + " and " + s);
                c += s.channels();
            }
            return new Shape(c, in[0].height(), in[0].width());
        }
        if (op instanceof Op.LinearResize r) {
            arity(in, 1);
            return new Shape(in[0].channels(), r.outH(), r.outW());
        }
        if (op instanceof Op.Select sel) {
            arity(in, 1);
            check(sel.channels(), in[0].channels(), "channel");
            check(sel.rows(), in[0].height(), "row");
            check(sel.cols(), in[0].width(), "column");
            return new Shape(sel.channels().length, sel.rows().length, sel.cols().length);
        }
        throw new IrException("unsupported operator " + op.kind());
    }

    private static Shape pool(Shape[] in, Op.Pooling p) {
        arity(in, 1);
        if (p.kernelH() <= 0 || p.kernelW() <= 0 || p.strideH() <= 0 || p.strideW() <= 0 || p.padH() < 0 || p.padW() < 0
                || p.padH() >= p.kernelH() || p.padW() >= p.kernelW()) {
            throw new IrException("invalid pooling kernel=" + p.kernelH() + "x" + p.kernelW() + " stride=" + p.strideH() + "x" + p.strideW()
                    + " pad=" + p.padH() + "x" + p.padW());
        }
        // floorDiv: a window larger than the padded input must give no output, not one
        int oh = Math.floorDiv(in[0].height() + 2 * p.padH() - p.kernelH(), p.strideH()) + 1;
        int ow = Math.floorDiv(in[0].width() + 2 * p.padW() - p.kernelW(), p.strideW()) + 1;
        if (oh <= 0 || ow <= 0) {
            throw new IrException("pooling window " + p.kernelH() + "x" + p.kernelW() + " (padding " + p.padH() + "x" + p.padW()
                    + ") is larger than the input " + in[0]);
        }
        return new Shape(in[0].channels(), oh, ow);
    }

    private static void check(int[] idx, int n, String what) {
        for (int v : idx) if (v >= n) throw new IrException("selects " + what + " " + v + " of an input with " + n);
    }

    private static void arity(Shape[] in, int n) {
        if (in.length != n) throw new IrException("expects " + n + " input(s), got " + in.length);
    }
}
