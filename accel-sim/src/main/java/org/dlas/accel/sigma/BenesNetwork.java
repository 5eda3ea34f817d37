package org.dlas.accel.sigma;

import java.util.Arrays;

/**
 * A Benes network of {@code ports} inputs and outputs (a power of two): {@code 2 log2(ports) - 1}
 * stages of {@code ports / 2} 2x2 switches, built recursively (an input stage, two half-size Benes
 * networks, an output stage). It is rearrangeably non-blocking: {@link #route} sets the switches
 * for any permutation with the looping algorithm, and {@link #apply} pushes values through the
 * switch settings, so the stage count the timing model uses is the one a real routing needs.
 * SIGMA's distribution network is such a network (with multicast support, which the timing model
 * counts as one injection per distinct element).
 */
public final class BenesNetwork {
    private final int ports;

    public BenesNetwork(int ports) {
        if (ports < 2 || Integer.bitCount(ports) != 1) throw new IllegalArgumentException("a Benes network needs a power-of-two number of ports >= 2, got " + ports);
        this.ports = ports;
    }

    public int ports() { return ports; }

    /** 2 log2(N) - 1. */
    public int stages() { return 2 * Integer.numberOfTrailingZeros(ports) - 1; }

    /** 2x2 switches: stages * N / 2. */
    public long switches() { return (long) stages() * ports / 2; }

    /** Latency in cycles of one element through the network (one pipeline register per stage). */
    public int latency() { return stages(); }

    /** Switch settings for one permutation (true = crossed). */
    public static final class Routing {
        final boolean[] in, out;
        final Routing upper, lower;
        final int ports;

        Routing(int ports, boolean[] in, boolean[] out, Routing upper, Routing lower) {
            this.ports = ports;
            this.in = in;
            this.out = out;
            this.upper = upper;
            this.lower = lower;
        }

        /** Stages the routing passes through. */
        public int stages() { return upper == null ? 1 : 2 + upper.stages(); }
    }

    /** Routes the permutation {@code input i -> output perm[i]}. */
    public Routing route(int[] perm) {
        if (perm.length != ports) throw new IllegalArgumentException("permutation of " + perm.length + " for " + ports + " ports");
        boolean[] seen = new boolean[ports];
        for (int p : perm) {
            if (p < 0 || p >= ports || seen[p]) throw new IllegalArgumentException("not a permutation: " + Arrays.toString(perm));
            seen[p] = true;
        }
        return route0(perm);
    }

    private static Routing route0(int[] perm) {
        int n = perm.length;
        if (n == 2) return new Routing(2, new boolean[] {perm[0] == 1}, null, null, null);
        int[] inverse = new int[n];
        for (int i = 0; i < n; i++) inverse[perm[i]] = i;
        int[] sub = new int[n];
        Arrays.fill(sub, -1);
        for (int start = 0; start < n; start += 2) {
            if (sub[start] != -1) continue;
            int j = start;
            while (true) { // looping algorithm: alternate the constraints of input and output switches
                sub[j] = 0;
                sub[j ^ 1] = 1;
                int k = inverse[perm[j ^ 1] ^ 1]; // shares an output switch with j^1 -> must use the upper half
                if (sub[k] != -1) break;
                j = k;
            }
        }
        int half = n / 2;
        boolean[] in = new boolean[half], out = new boolean[half];
        int[] up = new int[half], low = new int[half];
        for (int s = 0; s < half; s++) {
            in[s] = sub[2 * s] != 0;
            int toUpper = in[s] ? 2 * s + 1 : 2 * s, toLower = toUpper ^ 1;
            up[s] = perm[toUpper] / 2;
            low[s] = perm[toLower] / 2;
        }
        for (int t = 0; t < half; t++) out[t] = sub[inverse[2 * t]] != 0; // output 2t fed by the lower half: crossed
        return new Routing(n, in, out, route0(up), route0(low));
    }

    /** Pushes {@code values} through a routing: the result holds {@code values[i]} at {@code perm[i]}. */
    public static double[] apply(Routing r, double[] values) {
        int n = r.ports;
        if (n == 2) return r.in[0] ? new double[] {values[1], values[0]} : values.clone();
        int half = n / 2;
        double[] up = new double[half], low = new double[half];
        for (int s = 0; s < half; s++) {
            up[s] = r.in[s] ? values[2 * s + 1] : values[2 * s];
            low[s] = r.in[s] ? values[2 * s] : values[2 * s + 1];
        }
        double[] u = apply(r.upper, up), l = apply(r.lower, low);
        double[] res = new double[n];
        for (int t = 0; t < half; t++) {
            res[2 * t] = r.out[t] ? l[t] : u[t];
            res[2 * t + 1] = r.out[t] ? u[t] : l[t];
        }
        return res;
    }
}
