package org.dlas.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What follows a conv's bias in the same pass over its output: a per-channel BatchNorm
 * ({@code v * scale[k] + shift[k]}, multiply then add, no fused multiply-add) and/or a ReLU clamp
 * ({@code min(max(v, 0), cap)}, cap +inf for a plain ReLU). These are the float operations of the
 * runtime's separate BatchNorm and ReLU steps, in the same order, so the fused output is bit for
 * bit theirs; fusing only saves the passes over memory.
 *
 * @param channels the conv's output channels
 * @param scale per output channel, or null for no BatchNorm (then {@code shift} is null too)
 * @param cap the ReLU clamp's upper bound, or NaN for no ReLU
 */
public record Epilogue(int channels, float[] scale, float[] shift, float cap) {

    public Epilogue {
        if ((scale == null) != (shift == null)) throw new IllegalArgumentException("scale and shift go together");
        if (scale != null && (scale.length != channels || shift.length != channels)) {
            throw new IllegalArgumentException("scale and shift need one value per channel (" + channels + ")");
        }
    }

    /** Nothing after the bias of a conv with {@code channels} outputs. */
    public static Epilogue none(int channels) { return new Epilogue(channels, null, null, Float.NaN); }

    public boolean none() { return scale == null && !relu(); }

    boolean relu() { return !Float.isNaN(cap); }

    /*
     * Vector code applies every epilogue as v * scale + shift, then max(v, floor), then min(v, cap),
     * with neutral values for a missing step: v * 1 + (-0) is v for every v (-0 and NaN included),
     * max(v, -inf) and min(v, +inf) are v. One straight sequence of vector operations: on JDK 17, a
     * vector assigned in an if (a merge of two vector values) is boxed on every iteration.
     */

    /** Channel k's BatchNorm factor, 1 without BatchNorm. */
    float scaleOf(int k) { return scale == null ? 1f : scale[k]; }

    /** Channel k's BatchNorm offset, -0 without BatchNorm (x + -0 is x, also for x = -0). */
    float shiftOf(int k) { return shift == null ? -0f : shift[k]; }

    /** The clamp's lower bound: 0 with a ReLU, else -inf. */
    float floor() { return relu() ? 0f : Float.NEGATIVE_INFINITY; }

    /** The clamp's upper bound: cap with a ReLU, else +inf. */
    float ceiling() { return relu() ? cap : Float.POSITIVE_INFINITY; }

    /** The same with a ReLU clamp at {@code cap} added after. */
    public Epilogue thenRelu(float cap) { return new Epilogue(channels, scale, shift, cap); }

    /** The epilogue applied to one value of channel k (after the bias). */
    float apply(float v, int k) {
        if (scale != null) v = v * scale[k] + shift[k];
        return relu() ? Math.min(Math.max(v, 0f), cap) : v;
    }

    /** Applies the epilogue in place to the NCHW output {@code y} of {@code n} images. */
    public void applyAll(float[] y, int n) {
        if (none()) return;
        int plane = y.length / (n * channels);
        for (int i = 0; i < n * channels; i++) applyTo(y, i * plane, plane, i % channels);
    }

    /** Applies the epilogue of channel k in place to y[from, from + count). */
    void applyTo(float[] y, int from, int count, int k) {
        if (none()) return;
        int i = from, to = from + count;
        if (VectorGemm.AVAILABLE) i = Lanes.apply(this, y, from, to, k);
        for (; i < to; i++) y[i] = apply(y[i], k);
    }

    /**
     * out[o + oy * ow + ox] = epilogue(acc[from + oy * pitch + ox] + bias) for channel k: a kernel's
     * accumulator rows (pitch apart) written as the output plane (ow wide), the bias and the
     * epilogue applied on the way. With the Vector API in whole vectors: a row's last vector runs
     * on into the next rows' first cells, which those rows then write over; from the first cell
     * whose vector would run past the plane (into another task's) on, cells are done one by one.
     * {@code acc} must hold {@link #lanes()} values past {@code from + (oh - 1) * pitch + ow}.
     */
    void writeRows(float[] acc, int from, int pitch, float bias, int k, float[] out, int o, int oh, int ow) {
        int done = VectorGemm.AVAILABLE ? Lanes.writeRows(this, acc, from, pitch, bias, k, out, o, oh, ow) : 0;
        for (int i = done; i < oh * ow; i++) out[o + i] = apply(acc[from + i / ow * pitch + i % ow] + bias, k);
    }

    /** Lanes of the vector code (1 without the Vector API module): what {@link #writeRows} may read past a row. */
    static int lanes() { return VectorGemm.AVAILABLE ? Lanes.S.length() : 1; }

    /** The vector loop, in its own class so that nothing loads FloatVector unless the module is there. */
    private static final class Lanes {
        static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        /** Whole vectors of y[from, to); returns where the scalar tail starts. */
        static int apply(Epilogue e, float[] y, int from, int to, int k) {
            int i = from;
            float scale = e.scaleOf(k), shift = e.shiftOf(k), floor = e.floor(), ceiling = e.ceiling();
            for (int end = from + S.loopBound(to - from); i < end; i += S.length()) {
                FloatVector.fromArray(S, y, i).mul(scale).add(shift).max(floor).min(ceiling).intoArray(y, i);
            }
            return i;
        }

        /** The vector part of {@link Epilogue#writeRows}: rows while a whole vector stays in the plane; returns the first output cell left. */
        static int writeRows(Epilogue e, float[] acc, int from, int pitch, float bias, int k, float[] out, int o, int oh, int ow) {
            int lanes = S.length(), end = oh * ow;
            float scale = e.scaleOf(k), shift = e.shiftOf(k), floor = e.floor(), ceiling = e.ceiling();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox += lanes) {
                    int d = oy * ow + ox;
                    if (d + lanes > end) return d;
                    FloatVector.fromArray(S, acc, from + oy * pitch + ox).add(bias).mul(scale).add(shift).max(floor).min(ceiling)
                            .intoArray(out, o + d);
                }
            }
            return end;
        }
    }
}
