package org.dlas.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;

/**
 * Finite-difference check of reverse-mode gradients: with L = sum(output .* R) for a fixed random R,
 * compares the back-propagated dL/d(input) and dL/d(parameter) with central differences of L
 * (computed in double from float forwards).
 */
final class GradCheck {
    static final float EPS = 1e-2f;

    private GradCheck() { }

    /** Input values from {@code inputs} (length n * per image) or, when null, uniform in [-1, 1]. */
    static void check(Graph g, int n, float[] inputs, long seed) {
        Random rnd = new Random(seed);
        Network net = new Network(g, g.output(), true);
        net.ensureBatch(n);
        Act x = net.input();
        float[] in = inputs;
        if (in == null) {
            in = new float[n * x.perImage()];
            for (int i = 0; i < in.length; i++) in[i] = rnd.nextFloat() * 2 - 1;
        }
        x.fromArray(in, 0);
        net.forward(true);
        Act y = net.output();
        float[] r = new float[n * y.perImage()];
        for (int i = 0; i < r.length; i++) r[i] = (float) rnd.nextGaussian();
        net.outputGrad().fromArray(r, 0);
        net.backward();

        List<String> failures = new ArrayList<>();
        int checked = 0;
        // input gradient
        float[] dIn = net.inputGrad().toArray();
        for (int i : sample(in.length, rnd)) {
            final int at = i;
            double num = numeric(net, r, () -> get(x, at), v -> set(x, at, v));
            checked++;
            compare("input[" + i + "]", dIn[i], num, failures);
        }
        for (Param p : net.params()) {
            int cols = p.value[0].length;
            float[][] grad = new float[p.grad.length][];
            for (int row = 0; row < grad.length; row++) grad[row] = p.grad[row].clone();
            for (int i : sample(p.size(), rnd)) {
                int row = i / cols, col = i % cols;
                double num = numeric(net, r, () -> p.value[row][col], v -> p.value[row][col] = v);
                checked++;
                compare(p.name + "[" + row + "][" + col + "]", grad[row][col], num, failures);
            }
        }
        assertTrue(checked > 0);
        assertTrue(failures.isEmpty(), g.name() + ": " + failures.size() + " of " + checked + " gradients differ, e.g. "
                + failures.subList(0, Math.min(5, failures.size())));
    }

    private static void compare(String what, double analytic, double numeric, List<String> failures) {
        double tol = 4e-3 + 2e-2 * Math.max(Math.abs(analytic), Math.abs(numeric));
        if (!(Math.abs(analytic - numeric) <= tol)) failures.add(what + ": analytic " + analytic + " numeric " + numeric);
    }

    interface Getter { float get(); }
    interface Setter { void set(float v); }

    private static double numeric(Network net, float[] r, Getter get, Setter set) {
        float v0 = get.get();
        set.set(v0 + EPS);
        double lp = loss(net, r);
        set.set(v0 - EPS);
        double lm = loss(net, r);
        set.set(v0);
        return (lp - lm) / (2.0 * EPS);
    }

    private static double loss(Network net, float[] r) {
        net.forward(true);
        float[] y = net.output().toArray();
        double l = 0;
        for (int i = 0; i < y.length; i++) l += (double) y[i] * r[i];
        return l;
    }

    private static float get(Act a, int i) { return a.planes[i / a.hw()][i % a.hw()]; }
    private static void set(Act a, int i, float v) { a.planes[i / a.hw()][i % a.hw()] = v; }

    private static int[] sample(int n, Random rnd) {
        int max = 120;
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] s = new int[max];
        for (int i = 0; i < max; i++) s[i] = rnd.nextInt(n);
        return s;
    }
}
