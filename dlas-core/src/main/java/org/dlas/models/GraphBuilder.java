package org.dlas.models;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Builds a model graph node by node, tracking shapes, with He-initialised weights drawn from one
 * seeded generator in node order (so the same seed gives the same model). Conv and dense weights
 * ~ N(0, 2 / fan_in); biases 0; BatchNorm gamma 1, beta 0, running mean 0, running variance 1.
 * Each method adds a node and returns its name, the input of the next; a {@link ModelArchitecture}
 * plug-in builds its graph with it.
 */
public final class GraphBuilder {
    static final float BN_EPS = 1e-5f;

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Random rnd;

    public GraphBuilder(long seed) { this.rnd = new Random(seed); }

    public Shape shape(String node) { return shapes.get(node); }

    private String add(String name, Op op, Shape out, String... inputs) {
        if (shapes.containsKey(name)) throw new InvalidInputException(ErrorKind.CONFLICT, "duplicate node " + name);
        nodes.add(Node.of(name, op, inputs));
        shapes.put(name, out);
        return name;
    }

    public String input(int c, int h, int w) { return add("input", new Op.Input(c, h, w), new Shape(c, h, w)); }

    private float[] he(int n, int fanIn) {
        float[] w = new float[n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < n; i++) w[i] = (float) (rnd.nextGaussian() * std);
        return w;
    }

    public String conv(String name, String in, int out, int kernel, int stride, int pad, int groups, boolean bias) {
        Shape s = shapes.get(in);
        ConvSpec spec = new ConvSpec(s.channels(), out, kernel, kernel, stride, stride, pad, pad, groups);
        float[] w = he(spec.weightCount(), spec.inPerGroup() * kernel * kernel);
        Op.Conv2d op = new Op.Conv2d(spec, w, bias ? new float[out] : null, null);
        return add(name, op, new Shape(out, spec.outH(s.height()), spec.outW(s.width())), in);
    }

    public String conv(String name, String in, int out, int kernel, int stride, int pad, boolean bias) {
        return conv(name, in, out, kernel, stride, pad, 1, bias);
    }

    public String bn(String name, String in) {
        int c = shapes.get(in).channels();
        float[] gamma = new float[c], var = new float[c];
        java.util.Arrays.fill(gamma, 1f);
        java.util.Arrays.fill(var, 1f);
        return add(name, new Op.BatchNorm(gamma, new float[c], new float[c], var, BN_EPS), shapes.get(in), in);
    }

    public String relu(String name, String in) { return add(name, new Op.Relu(), shapes.get(in), in); }

    public String relu6(String name, String in) { return add(name, new Op.Relu6(), shapes.get(in), in); }

    public String maxPool(String name, String in, int k, int stride, int pad) {
        return add(name, new Op.MaxPool(k, stride, pad), pooled(shapes.get(in), k, stride, pad), in);
    }

    public String avgPool(String name, String in, int k, int stride, int pad) {
        return add(name, new Op.AvgPool(k, stride, pad), pooled(shapes.get(in), k, stride, pad), in);
    }

    private static Shape pooled(Shape s, int k, int stride, int pad) {
        return new Shape(s.channels(), (s.height() + 2 * pad - k) / stride + 1, (s.width() + 2 * pad - k) / stride + 1);
    }

    public String globalAvgPool(String name, String in) {
        return add(name, new Op.GlobalAvgPool(), new Shape(shapes.get(in).channels(), 1, 1), in);
    }

    public String flatten(String name, String in) {
        return add(name, new Op.Flatten(), new Shape(shapes.get(in).size(), 1, 1), in);
    }

    public String dense(String name, String in, int out) {
        int f = shapes.get(in).size();
        return add(name, new Op.Dense(f, out, he(f * out, f), new float[out], null), new Shape(out, 1, 1), in);
    }

    public String add(String name, String a, String b) { return add(name, new Op.Add(), shapes.get(a), a, b); }

    public String concat(String name, String... in) {
        Shape s = shapes.get(in[0]);
        int c = 0;
        for (String i : in) c += shapes.get(i).channels();
        return add(name, new Op.Concat(), new Shape(c, s.height(), s.width()), in);
    }

    public Graph build(String name) { return new Graph(name, nodes); }
}
