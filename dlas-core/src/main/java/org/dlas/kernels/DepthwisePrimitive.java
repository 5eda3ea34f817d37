package org.dlas.kernels;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (groups = input channels = output channels): one small filter per
 * channel, run channel by channel on a zero-padded copy of the channel's plane. dlas's own
 * primitives have no better plan for such a layer (im2col or packing per group of one channel
 * costs more than the layer's few multiply-accumulates), so every one of them hands its depthwise
 * layers to this kernel ({@link #takesOver}), as TVM runs its depthwise strategy for these layers
 * whatever conv2d template is asked for. Accelerator plug-ins keep their own depthwise code.
 *
 * <p>Stride 1 accumulates whole rows of the padded plane at once (a contiguous loop the JIT
 * vectorises): output pixel (oy, ox) is accumulated at {@code oy * paddedWidth + ox}. The fp32 sum
 * of each output runs over (kernel row, kernel column) ascending in float, with a separate
 * multiply and add, then adds the bias, exactly as {@link DirectPrimitive}: padded taps add
 * {@code w * 0}, which leaves a sum that is never -0 unchanged, so results are bit-identical to the
 * reference. The int8 sum is {@code sum w * (x - zeroPoint)} in int32 (padding stores 0).
 */
public final class DepthwisePrimitive implements ConvPrimitive {
    public static final String NAME = "depthwise";
    /** Why a layer runs here rather than on the primitive asked for (recorded in the layer plan). */
    public static final String REASON = "depthwise layer: depthwise kernel, as TVM's depthwise strategy";

    /** The primitives whose depthwise layers this kernel takes over: dlas's own. */
    private static final Set<Class<? extends ConvPrimitive>> OWN = Set.of(DirectPrimitive.class, GemmPrimitive.class,
            SpatialPackPrimitive.class, WinogradPrimitive.class, CsrPrimitive.class, BsrPrimitive.class);

    /** Whether a layer of {@code spec} that {@code primitive} would run goes to this kernel instead. */
    public static boolean takesOver(ConvPrimitive primitive, ConvSpec spec) {
        return spec.depthwise() && OWN.contains(primitive.getClass());
    }

    @Override public String name() { return NAME; }

    @Override public Optional<String> notApplicable(ConvSpec spec) {
        return spec.depthwise() ? Optional.empty()
                : Optional.of("not a depthwise convolution (needs groups = input channels = output channels > 1)");
    }

    private void requireDepthwise(ConvSpec spec) {
        notApplicable(spec).ifPresent(why -> { throw new IllegalArgumentException(why + ": " + spec); });
    }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        requireDepthwise(spec);
        float[] wt = weights.clone();
        float[] b = bias == null ? null : bias.clone();
        int c = spec.inChannels(), kh = spec.kernelH(), kw = spec.kernelW();
        int sh = spec.strideH(), sw = spec.strideW(), ph = spec.padH(), pw = spec.padW();
        return (input, n, h, w) -> {
            RunShape rs = RunShape.of(spec, input.length, n, h, w);
            int oh = rs.outH(), ow = rs.outW(), wp = w + 2 * pw, hp = h + 2 * ph;
            // stride 1: output (oy, ox) accumulates at oy * wp + ox, over `span` values rounded up to whole vectors
            int span = (oh - 1) * wp + ow, spanRounded = (span + LANES - 1) / LANES * LANES;
            int reach = (kh - 1) * wp + kw - 1; // the furthest tap from an accumulator's index
            float[] out = new float[rs.outputLength()];
            int chunk = channelsPerTask(c, rs.macs()), tasksPerImage = (c + chunk - 1) / chunk;
            Parallel.forEach(n * tasksPerImage, rs.macs(), t -> {
                int img = t / tasksPerImage, from = (t % tasksPerImage) * chunk, to = Math.min(c, from + chunk);
                // the padded plane, long enough for whole-vector reads past the last accumulator; borders stay 0
                float[] plane = new float[Math.max(hp * wp, spanRounded + reach)];
                float[] acc = new float[spanRounded];
                for (int ch = from; ch < to; ch++) {
                    int plane0 = img * c + ch;
                    for (int y = 0; y < h; y++) System.arraycopy(input, (plane0 * h + y) * w, plane, (y + ph) * wp + pw, w);
                    int wBase = ch * kh * kw, o = plane0 * oh * ow;
                    float bk = b == null ? 0f : b[ch];
                    if (sh == 1 && sw == 1) {
                        if (VECTOR) Rows.accumulate(wt, wBase, kh, kw, plane, wp, acc, spanRounded);
                        else accumulate(wt, wBase, kh, kw, plane, wp, acc, spanRounded);
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) out[o + oy * ow + ox] = acc[oy * wp + ox] + bk;
                        }
                        continue;
                    }
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float a = 0f;
                            int at = oy * sh * wp + ox * sw;
                            for (int r = 0; r < kh; r++) {
                                for (int s = 0; s < kw; s++) a += wt[wBase + r * kw + s] * plane[at + r * wp + s];
                            }
                            out[o + oy * ow + ox] = a + bk;
                        }
                    }
                }
            });
            return out;
        };
    }

    /** All channels in one task when the layer stays on one thread (scratch allocated once), else a few per task. */
    private static int channelsPerTask(int channels, long macs) {
        if (!Parallel.parallel(macs)) return channels;
        return Math.max(1, channels / (4 * Parallel.parallelism()));
    }

    /** acc[i] = sum over taps (r, s) ascending of w[r][s] * plane[i + r*wp + s], for i below {@code len}. */
    private static void accumulate(float[] wt, int wBase, int kh, int kw, float[] plane, int wp, float[] acc, int len) {
        Arrays.fill(acc, 0, len, 0f);
        for (int r = 0; r < kh; r++) {
            for (int s = 0; s < kw; s++) {
                float wv = wt[wBase + r * kw + s];
                int off = r * wp + s;
                for (int i = 0; i < len; i++) acc[i] += wv * plane[i + off];
            }
        }
    }

    private static final boolean VECTOR = VectorGemm.AVAILABLE;
    /** Lanes of the vector kernel (1 without the Vector API module). */
    private static final int LANES = VECTOR ? Rows.lanes() : 1;

    /**
     * {@link #accumulate} with the Vector API: each vector of accumulators stays in a register over
     * all taps; multiply and add stay separate (no fused multiply-add), so every lane sums exactly as
     * the scalar loop. Its own class so that nothing loads FloatVector unless the module is there.
     */
    private static final class Rows {
        static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        static int lanes() { return S.length(); }

        /** The 3x3 case with the nine weights held in registers (the zoo's depthwise layers); other sizes run the scalar loop. */
        static void accumulate(float[] wt, int wBase, int kh, int kw, float[] plane, int wp, float[] acc, int len) {
            if (kh != 3 || kw != 3) {
                DepthwisePrimitive.accumulate(wt, wBase, kh, kw, plane, wp, acc, len);
                return;
            }
            FloatVector w0 = FloatVector.broadcast(S, wt[wBase]), w1 = FloatVector.broadcast(S, wt[wBase + 1]);
            FloatVector w2 = FloatVector.broadcast(S, wt[wBase + 2]), w3 = FloatVector.broadcast(S, wt[wBase + 3]);
            FloatVector w4 = FloatVector.broadcast(S, wt[wBase + 4]), w5 = FloatVector.broadcast(S, wt[wBase + 5]);
            FloatVector w6 = FloatVector.broadcast(S, wt[wBase + 6]), w7 = FloatVector.broadcast(S, wt[wBase + 7]);
            FloatVector w8 = FloatVector.broadcast(S, wt[wBase + 8]);
            int r1 = wp, r2 = 2 * wp;
            for (int i = 0; i < len; i += S.length()) {
                FloatVector a = FloatVector.zero(S)
                        .add(FloatVector.fromArray(S, plane, i).mul(w0))
                        .add(FloatVector.fromArray(S, plane, i + 1).mul(w1))
                        .add(FloatVector.fromArray(S, plane, i + 2).mul(w2))
                        .add(FloatVector.fromArray(S, plane, i + r1).mul(w3))
                        .add(FloatVector.fromArray(S, plane, i + r1 + 1).mul(w4))
                        .add(FloatVector.fromArray(S, plane, i + r1 + 2).mul(w5))
                        .add(FloatVector.fromArray(S, plane, i + r2).mul(w6))
                        .add(FloatVector.fromArray(S, plane, i + r2 + 1).mul(w7))
                        .add(FloatVector.fromArray(S, plane, i + r2 + 2).mul(w8));
                a.intoArray(acc, i);
            }
        }
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        requireDepthwise(spec);
        int[] wt = new int[weights.length];
        for (int i = 0; i < wt.length; i++) wt[i] = weights[i];
        int[] b = bias == null ? null : bias.clone();
        int c = spec.inChannels(), kh = spec.kernelH(), kw = spec.kernelW();
        int sh = spec.strideH(), sw = spec.strideW(), ph = spec.padH(), pw = spec.padW();
        return (input, n, h, w, zp) -> {
            Checks.zeroPoint(zp);
            RunShape rs = RunShape.of(spec, input.length, n, h, w);
            int oh = rs.outH(), ow = rs.outW(), wp = w + 2 * pw, hp = h + 2 * ph;
            int[] out = new int[rs.outputLength()];
            Parallel.forEach(n * c, rs.macs(), t -> {
                int[] plane = new int[hp * wp]; // padding: x - zeroPoint = 0
                for (int y = 0; y < h; y++) {
                    int src = (t * h + y) * w, dst = (y + ph) * wp + pw;
                    for (int x = 0; x < w; x++) plane[dst + x] = input[src + x] - zp;
                }
                int wBase = (t % c) * kh * kw, o = t * oh * ow;
                int bk = b == null ? 0 : b[t % c];
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int acc = 0, at = oy * sh * wp + ox * sw;
                        for (int r = 0; r < kh; r++) {
                            for (int s = 0; s < kw; s++) acc += wt[wBase + r * kw + s] * plane[at + r * wp + s];
                        }
                        out[o + oy * ow + ox] = acc + bk;
                    }
                }
            });
            return out;
        };
    }
}
