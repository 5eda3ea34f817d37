package org.dlas.robust.mutation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Graph edits shared by the operators. None modifies its input. */
public final class Edits {
    private Edits() { }

    /** Names of the nodes whose operator satisfies {@code p}, in graph order. */
    public static List<String> nodes(Graph g, Predicate<Op> p) {
        List<String> out = new ArrayList<>();
        for (Node n : g.nodes()) if (p.test(n.op())) out.add(n.name());
        return out;
    }

    /** fp32 (not int8-quantised) conv and dense layers. */
    public static List<String> macLayers(Graph g) {
        return nodes(g, op -> (op instanceof Op.Conv2d || op instanceof Op.Dense) && !op.isInt8());
    }

    /** One of {@code names}, chosen by {@code seed}. */
    public static String pick(List<String> names, long seed) {
        if (names.isEmpty()) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "nothing to mutate");
        return names.get(new java.util.SplittableRandom(seed).nextInt(names.size()));
    }

    public static Graph rename(Graph mutant, Graph original, String operator) {
        return mutant.withName(original.name() + "~" + operator);
    }

    public static Graph replaceOp(Graph g, String node, Op op) {
        return g.mapOps(n -> n.name().equals(node) ? op : n.op());
    }

    public static String uniqueName(Graph g, String base) {
        String name = base;
        for (int i = 2; ; i++) {
            String candidate = name;
            if (g.nodes().stream().noneMatch(n -> n.name().equals(candidate))) return name;
            name = base + "_" + i;
        }
    }

    /** Inserts {@code op} (reading {@code after}) right after node {@code after}; its readers read the new node. */
    public static Graph insertAfter(Graph g, String after, String newName, Op op) {
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            List<String> ins = new ArrayList<>();
            for (String in : n.inputs()) ins.add(in.equals(after) ? newName : in);
            out.add(new Node(n.name(), n.op(), ins));
            if (n.name().equals(after)) out.add(Node.of(newName, op, after));
        }
        String output = g.output().equals(after) ? newName : g.output();
        return new Graph(g.name(), out, output);
    }

    /** Removes single-input node {@code name}; its readers read its input instead. */
    public static Graph remove(Graph g, String name) {
        Node victim = g.node(name);
        if (victim.inputs().size() != 1) throw new InvalidInputException(ErrorKind.UNSUPPORTED, "cannot remove '" + name + "' with " + victim.inputs().size() + " inputs");
        String source = victim.inputs().get(0);
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.name().equals(name)) continue;
            List<String> ins = new ArrayList<>();
            for (String in : n.inputs()) ins.add(in.equals(name) ? source : in);
            out.add(new Node(n.name(), n.op(), ins));
        }
        return new Graph(g.name(), out, g.output().equals(name) ? source : g.output());
    }

    /** A per-channel affine y = gamma * x + beta as a BatchNorm (mean 0, var 1, eps 0). */
    public static Op.BatchNorm affine(int channels, float gamma, float beta) {
        float[] gm = new float[channels], bt = new float[channels], mean = new float[channels], var = new float[channels];
        java.util.Arrays.fill(gm, gamma);
        java.util.Arrays.fill(bt, beta);
        java.util.Arrays.fill(var, 1f);
        return new Op.BatchNorm(gm, bt, mean, var, 0f);
    }

    public static float[] weight(Op op) {
        if (op instanceof Op.Conv2d c) return c.weight();
        if (op instanceof Op.Dense d) return d.weight();
        throw new IllegalArgumentException(op.kind() + " has no weights");
    }

    public static float[] bias(Op op) {
        if (op instanceof Op.Conv2d c) return c.bias();
        if (op instanceof Op.Dense d) return d.bias();
        throw new IllegalArgumentException(op.kind() + " has no weights");
    }

    public static int outChannels(Op op) {
        if (op instanceof Op.Conv2d c) return c.spec().outChannels();
        if (op instanceof Op.Dense d) return d.out();
        throw new IllegalArgumentException(op.kind() + " has no weights");
    }

    public static Op withWeights(Op op, float[] w, float[] b) {
        if (op instanceof Op.Conv2d c) return c.withWeights(w, b);
        if (op instanceof Op.Dense d) return d.withWeights(w, b);
        throw new IllegalArgumentException(op.kind() + " has no weights");
    }
}
