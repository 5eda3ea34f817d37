package org.dlas.robust.conversion;

import java.util.ArrayList;
import java.util.List;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.robust.mutation.Edits;

/**
 * Hyperparameter stage, per matched node: conv geometry (kernel, stride, padding, groups,
 * channels), dense sizes, pooling windows, BatchNorm epsilon and the input shape. The fix sets the
 * source's value and keeps the converted node's parameters (already compared separately).
 */
final class HyperparameterComparison {
    List<Finding> findings(StructureComparison structure) {
        List<Finding> out = new ArrayList<>();
        for (StructureComparison.MatchedNode m : structure.matchedNodes()) {
            Node s = m.source();
            Op now = m.converted();
            String name = s.name();
            if (s.op() instanceof Op.Conv2d a && now instanceof Op.Conv2d b && !a.spec().equals(b.spec())) {
                out.add(new Finding(Stage.HYPERPARAMETERS, name, convDifference(a.spec(), b.spec()), GraphFix.of(
                        "set the source geometry of conv '" + name + "'", g -> Edits.replaceOp(g, name, withSpec(a, (Op.Conv2d) g.node(name).op())))));
            } else if (s.op() instanceof Op.Dense a && now instanceof Op.Dense b && (a.in() != b.in() || a.out() != b.out())) {
                out.add(sourceOp(s, "dense " + b.in() + "->" + b.out() + " where the source has " + a.in() + "->" + a.out()));
            } else if (s.op() instanceof Op.BatchNorm a && now instanceof Op.BatchNorm b && Float.compare(a.eps(), b.eps()) != 0) {
                out.add(new Finding(Stage.HYPERPARAMETERS, name, "epsilon " + b.eps() + " where the source has " + a.eps(), GraphFix.of(
                        "set epsilon of '" + name + "' to " + a.eps(), g -> {
                            Op.BatchNorm cur = (Op.BatchNorm) g.node(name).op();
                            return Edits.replaceOp(g, name, new Op.BatchNorm(cur.gamma(), cur.beta(), cur.mean(), cur.var(), a.eps()));
                        })));
            } else if ((s.op() instanceof Op.MaxPool || s.op() instanceof Op.AvgPool || s.op() instanceof Op.Input) && !s.op().equals(now)) {
                out.add(sourceOp(s, now + " where the source has " + s.op()));
            }
        }
        return out;
    }

    private static Finding sourceOp(Node s, String evidence) {
        return new Finding(Stage.HYPERPARAMETERS, s.name(), evidence,
                GraphFix.of("set the source " + s.op().kind() + " attributes of '" + s.name() + "'", g -> Edits.replaceOp(g, s.name(), s.op())));
    }

    /** The source geometry with the converted weights when their count still fits, else the source weights too. */
    private static Op.Conv2d withSpec(Op.Conv2d source, Op.Conv2d current) {
        if (current.weight().length == source.spec().weightCount()) return new Op.Conv2d(source.spec(), current.weight(), current.bias(), current.quant());
        return source;
    }

    static String convDifference(ConvSpec a, ConvSpec b) {
        List<String> d = new ArrayList<>();
        diff(d, "kernel", a.kernelH() + "x" + a.kernelW(), b.kernelH() + "x" + b.kernelW());
        diff(d, "stride", a.strideH() + "x" + a.strideW(), b.strideH() + "x" + b.strideW());
        diff(d, "padding", a.padH() + "x" + a.padW(), b.padH() + "x" + b.padW());
        diff(d, "groups", a.groups() + "", b.groups() + "");
        diff(d, "channels", a.inChannels() + "->" + a.outChannels(), b.inChannels() + "->" + b.outChannels());
        return String.join(", ", d);
    }

    private static void diff(List<String> out, String what, String source, String converted) {
        if (!source.equals(converted)) out.add(what + " " + converted + " where the source has " + source);
    }
}
