package org.dlas.kernels;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (groups = input channels = output channels): one small filter per
 * channel, run channel by channel on a zero-padded copy of the channel's plane. dlas's own
 * primitives have no better plan for such a layer (im2col or packing per group of one channel
 * costs more than the layer's few multiply-accumulates), so every one of them hands its depthwise
 * layers to this kernel ({@link #takesOver}), as TVM runs its depthwise strategy for these layers
 * whatever conv2d template is asked for. Accelerator plug-ins keep their own depthwise code.
 *
 * <p>The fp32 kernel accumulates whole runs of output pixels at once over the channel's
 * {@link PhasePlanes} (every tap a contiguous read, any stride; vectorised for 3x3). The fp32 sum
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
        int c = spec.inChannels(), kh = spec.kernelH(), kw = spec.kernelW(), taps = kh * kw;
        // per layer and thread: the padded plane and the accumulators (see Scratch)
        ThreadLocal<Scratch> planes = ThreadLocal.withInitial(Scratch::new), sums = ThreadLocal.withInitial(Scratch::new);
        return new PreparedConv() {
            @Override public float[] run(float[] input, int n, int h, int w) { return run(input, n, h, w, null); }

            @Override public float[] run(float[] input, int n, int h, int w, float[] into) { return run(input, n, h, w, into, Epilogue.none(c)); }

            @Override public float[] run(float[] input, int n, int h, int w, float[] into, Epilogue epilogue) {
                RunShape rs = RunShape.of(spec, input.length, n, h, w);
                PhasePlanes pp = PhasePlanes.of(spec, h, w);
                int oh = rs.outH(), ow = rs.outW(), pitch = pp.pitch();
                int block = (VECTOR ? Rows.BLOCK : 1) * LANES, span = (pp.span(oh, ow) + block - 1) / block * block; // whole blocks of vectors
                int[] offsets = new int[taps];
                int reach = 0;
                for (int q = 0; q < taps; q++) reach = Math.max(reach, offsets[q] = pp.tap(q / kw, q % kw));
                // long enough for whole-vector reads past the last accumulator; padding cells stay 0
                int planeLength = Math.max(pp.channelLength(), span + reach);
                float[] out = rs.output(into);
                int chunk = channelsPerTask(c, rs.macs()), tasksPerImage = (c + chunk - 1) / chunk;
                if (VECTOR && Rows.flat(spec, h, w)) {
                    int[] columns = Rows.columns(h, w);
                    Parallel.forEach(n * tasksPerImage, rs.macs(), t -> {
                        int img = t / tasksPerImage, from = (t % tasksPerImage) * chunk, to = Math.min(c, from + chunk);
                        float[] plane = planes.get().zeroed(h, w, Rows.flatLength(h, w));
                        float[] full = spec.strideH() == 1 ? null : sums.get().sized(h * w);
                        for (int ch = from; ch < to; ch++) {
                            int planeIndex = img * c + ch;
                            float bk = b == null ? 0f : b[ch];
                            if (full == null) { // stride 1: the epilogue in the registers
                                Rows.same3x3(wt, ch * taps, input, planeIndex * h * w, h, w, columns, plane, bk, epilogue, ch, out, planeIndex * h * w);
                                continue;
                            }
                            Rows.same3x3(wt, ch * taps, input, planeIndex * h * w, h, w, columns, plane, bk, Epilogue.none(c), ch, full, 0);
                            Rows.subsample(full, w, spec.strideH(), spec.strideW(), out, planeIndex * oh * ow, oh, ow);
                            epilogue.applyTo(out, planeIndex * oh * ow, oh * ow, ch);
                        }
                    });
                    return out;
                }
                Parallel.forEach(n * tasksPerImage, rs.macs(), t -> {
                    int img = t / tasksPerImage, from = (t % tasksPerImage) * chunk, to = Math.min(c, from + chunk);
                    float[] plane = planes.get().zeroed(h, w, planeLength);
                    float[] acc = sums.get().sized(span + Epilogue.lanes()); // writeRows reads a vector past a row
                    for (int ch = from; ch < to; ch++) {
                        int planeIndex = img * c + ch, wBase = ch * taps, o = planeIndex * oh * ow;
                        pp.pack(input, planeIndex, plane, 0);
                        if (VECTOR && taps == 9) Rows.accumulate9(wt, wBase, plane, offsets, acc, span);
                        else if (VECTOR) Rows.accumulateBlocks(wt, wBase, plane, offsets, acc, span);
                        else accumulate(wt, wBase, plane, offsets, acc, span);
                        epilogue.writeRows(acc, 0, pitch, b == null ? 0f : b[ch], ch, out, o, oh, ow);
                    }
                });
                return out;
            }
        };
    }

    /** All channels in one task when the layer stays on one thread (scratch allocated once), else a few per task. */
    private static int channelsPerTask(int channels, long macs) {
        if (!Parallel.parallel(macs)) return channels;
        return Math.max(1, channels / (4 * Parallel.parallelism()));
    }

    /** acc[i] = sum over taps q ascending of w[q] * plane[offsets[q] + i], for i below {@code len}. */
    private static void accumulate(float[] wt, int wBase, float[] plane, int[] offsets, float[] acc, int len) {
        Arrays.fill(acc, 0, len, 0f);
        for (int q = 0; q < offsets.length; q++) {
            float wv = wt[wBase + q];
            int off = offsets[q];
            for (int i = 0; i < len; i++) acc[i] += wv * plane[off + i];
        }
    }

    private static final boolean VECTOR = VectorGemm.AVAILABLE;
    /** Lanes of the vector kernel (1 without the Vector API module). */
    private static final int LANES = VECTOR ? Rows.lanes() : 1;

    /**
     * {@link #accumulate} with the Vector API for nine taps (3x3, the zoo's depthwise layers): the
     * weights and each vector of accumulators stay in registers; multiply and add stay separate (no
     * fused multiply-add), so every lane sums exactly as the scalar loop. Its own class so that
     * nothing loads FloatVector unless the module is there.
     */
    private static final class Rows {
        static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        /** Int lanes of the same count, for the column of each pixel. */
        static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());

        /** The column of each pixel of an h x w plane. */
        static int[] columns(int h, int w) {
            int[] col = new int[h * w];
            for (int i = 0; i < col.length; i++) col[i] = i % w;
            return col;
        }

        static int lanes() { return S.length(); }

        /** Vectors of accumulators {@link #accumulateBlocks} keeps in registers at once (independent add chains). */
        static final int BLOCK = 4;

        /**
         * {@link #accumulate} for any number of taps (the 5x5 depthwise layers of MobileNetV3),
         * {@link #BLOCK} vectors of accumulators at a time: each lane is zero plus each tap's
         * product, taps ascending, multiply and add separate, as the scalar loop. {@code len} is
         * a whole number of blocks.
         */
        static void accumulateBlocks(float[] wt, int wBase, float[] plane, int[] offsets, float[] acc, int len) {
            int L = S.length(), taps = offsets.length;
            for (int i = 0; i < len; i += BLOCK * L) {
                FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
                for (int q = 0; q < taps; q++) {
                    FloatVector wq = FloatVector.broadcast(S, wt[wBase + q]);
                    int p = offsets[q] + i;
                    a0 = a0.add(FloatVector.fromArray(S, plane, p).mul(wq));
                    a1 = a1.add(FloatVector.fromArray(S, plane, p + L).mul(wq));
                    a2 = a2.add(FloatVector.fromArray(S, plane, p + 2 * L).mul(wq));
                    a3 = a3.add(FloatVector.fromArray(S, plane, p + 3 * L).mul(wq));
                }
                a0.intoArray(acc, i);
                a1.intoArray(acc, i + L);
                a2.intoArray(acc, i + 2 * L);
                a3.intoArray(acc, i + 3 * L);
            }
        }

        static void accumulate9(float[] wt, int wBase, float[] plane, int[] offsets, float[] acc, int len) {
            FloatVector w0 = FloatVector.broadcast(S, wt[wBase]), w1 = FloatVector.broadcast(S, wt[wBase + 1]);
            FloatVector w2 = FloatVector.broadcast(S, wt[wBase + 2]), w3 = FloatVector.broadcast(S, wt[wBase + 3]);
            FloatVector w4 = FloatVector.broadcast(S, wt[wBase + 4]), w5 = FloatVector.broadcast(S, wt[wBase + 5]);
            FloatVector w6 = FloatVector.broadcast(S, wt[wBase + 6]), w7 = FloatVector.broadcast(S, wt[wBase + 7]);
            FloatVector w8 = FloatVector.broadcast(S, wt[wBase + 8]);
            int o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4];
            int o5 = offsets[5], o6 = offsets[6], o7 = offsets[7], o8 = offsets[8];
            for (int i = 0; i < len; i += S.length()) {
                FloatVector a = FloatVector.zero(S)
                        .add(FloatVector.fromArray(S, plane, o0 + i).mul(w0))
                        .add(FloatVector.fromArray(S, plane, o1 + i).mul(w1))
                        .add(FloatVector.fromArray(S, plane, o2 + i).mul(w2))
                        .add(FloatVector.fromArray(S, plane, o3 + i).mul(w3))
                        .add(FloatVector.fromArray(S, plane, o4 + i).mul(w4))
                        .add(FloatVector.fromArray(S, plane, o5 + i).mul(w5))
                        .add(FloatVector.fromArray(S, plane, o6 + i).mul(w6))
                        .add(FloatVector.fromArray(S, plane, o7 + i).mul(w7))
                        .add(FloatVector.fromArray(S, plane, o8 + i).mul(w8));
                a.intoArray(acc, i);
            }
        }

        /**
         * Whether {@link #same3x3} runs the layer: 3x3 with padding 1 (the stride-1 output then has
         * the input's size), any stride (a strided output is every stride-th output of stride 1:
         * the same taps, summed in the same order), an image of at least one vector.
         */
        static boolean flat(ConvSpec spec, int h, int w) {
            return spec.kernelH() == 3 && spec.kernelW() == 3 && spec.padH() == 1 && spec.padW() == 1 && h * w >= S.length();
        }

        /** The channel plane with a zero row (and one cell) before and after it: row reads above and below the image give 0. */
        static int flatLength(int h, int w) { return (h + 2) * w + 2; }

        /**
         * The stride-1 output plane of a 3x3, padding-1 depthwise channel, computed on the
         * unpadded row-major plane: output pixel i reads {@code plane[i + r * w + s]} (the plane
         * copied at w + 1, zeros around), and the taps that would wrap round a row end
         * (column s = 0 at x = 0, s = 2 at x = w - 1) read 0 through a lane mask instead
         * ({@code columns}: each pixel's column). Same sum
         * as {@link #accumulate9}: zero plus each tap's product, taps ascending, then the bias and
         * channel {@code ch}'s epilogue; results go straight to {@code dst[o..o + h*w)}. The last vector ends at the plane's last
         * pixel (recomputing a few, with the same values).
         */
        static void same3x3(float[] wt, int wBase, float[] input, int src, int h, int w, int[] columns, float[] plane, float bk,
                            Epilogue epilogue, int ch, float[] dst, int o) {
            int pixels = h * w, L = S.length();
            System.arraycopy(input, src, plane, w + 1, pixels);
            FloatVector w0 = FloatVector.broadcast(S, wt[wBase]), w1 = FloatVector.broadcast(S, wt[wBase + 1]);
            FloatVector w2 = FloatVector.broadcast(S, wt[wBase + 2]), w3 = FloatVector.broadcast(S, wt[wBase + 3]);
            FloatVector w4 = FloatVector.broadcast(S, wt[wBase + 4]), w5 = FloatVector.broadcast(S, wt[wBase + 5]);
            FloatVector w6 = FloatVector.broadcast(S, wt[wBase + 6]), w7 = FloatVector.broadcast(S, wt[wBase + 7]);
            FloatVector w8 = FloatVector.broadcast(S, wt[wBase + 8]);
            float scale = epilogue.scaleOf(ch), shift = epilogue.shiftOf(ch), floor = epilogue.floor(), ceiling = epilogue.ceiling();
            for (int i0 = 0; i0 < pixels; i0 += L) {
                int i = Math.min(i0, pixels - L), r1 = i + w, r2 = i + 2 * w;
                IntVector col = IntVector.fromArray(I, columns, i);
                VectorMask<Float> left = col.compare(VectorOperators.EQ, 0).cast(S), right = col.compare(VectorOperators.EQ, w - 1).cast(S);
                FloatVector a = FloatVector.zero(S)
                        .add(FloatVector.fromArray(S, plane, i).blend(0f, left).mul(w0))
                        .add(FloatVector.fromArray(S, plane, i + 1).mul(w1))
                        .add(FloatVector.fromArray(S, plane, i + 2).blend(0f, right).mul(w2))
                        .add(FloatVector.fromArray(S, plane, r1).blend(0f, left).mul(w3))
                        .add(FloatVector.fromArray(S, plane, r1 + 1).mul(w4))
                        .add(FloatVector.fromArray(S, plane, r1 + 2).blend(0f, right).mul(w5))
                        .add(FloatVector.fromArray(S, plane, r2).blend(0f, left).mul(w6))
                        .add(FloatVector.fromArray(S, plane, r2 + 1).mul(w7))
                        .add(FloatVector.fromArray(S, plane, r2 + 2).blend(0f, right).mul(w8));
                a.add(bk).mul(scale).add(shift).max(floor).min(ceiling).intoArray(dst, o + i); // the epilogue, as Epilogue.apply
            }
        }

        /** out[o + oy * ow + ox] = full[(oy * sh) * w + ox * sw]: the strided outputs picked from the stride-1 plane. */
        static void subsample(float[] full, int w, int sh, int sw, float[] out, int o, int oh, int ow) {
            for (int oy = 0; oy < oh; oy++) {
                int src = oy * sh * w, dst = o + oy * ow;
                for (int ox = 0; ox < ow; ox++) out[dst + ox] = full[src + ox * sw];
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
