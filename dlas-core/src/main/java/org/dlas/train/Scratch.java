package org.dlas.train;

/** Per-thread work buffers that grow on demand and are reused across calls. */
final class Scratch {
    static final int COL = 0, COLT = 1, DCOL = 2, VEC = 3, VEC2 = 4, PHASE = 5, WIDE = 6, DYW = 7, FLIPCOL = 8, FLIPPHASE = 9;
    private static final int SLOTS = 10;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][][] rows = new float[SLOTS][][];
    private final float[][] vecs = new float[SLOTS][];

    static Scratch get() { return LOCAL.get(); }

    /** At least {@code count} rows of at least {@code len} floats (contents undefined). */
    float[][] rows(int slot, int count, int len) {
        float[][] r = rows[slot];
        if (r == null || r.length < count || r[0].length < len) {
            int c = Math.max(count, r == null ? 0 : r.length), l = Math.max(len, r == null ? 0 : r[0].length);
            r = new float[c][l];
            rows[slot] = r;
        }
        return r;
    }

    /** A vector of at least {@code len} floats (contents undefined). */
    float[] vec(int slot, int len) {
        float[] v = vecs[slot];
        if (v == null || v.length < len) {
            v = new float[len];
            vecs[slot] = v;
        }
        return v;
    }
}
