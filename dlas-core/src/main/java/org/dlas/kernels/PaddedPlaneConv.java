package org.dlas.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised spatial-pack kernel for layers without groups (Java Vector API). The input is
 * packed once per image as zero-padded channel planes split into column phases by the stride
 * ({@link PhasePlanes}), so every kernel tap (c, r, s) of a run of output pixels is one
 * contiguous, shifted read; the few accumulators past the output width are computed and dropped. Weights are packed as in spatial pack, {@link #KB} output channels per block
 * ({@code [k-block][c][r][s][k in block]}, the ragged last block zero-padded); KB accumulator
 * vectors stay in registers over the whole reduction, each input vector loaded feeds KB fused
 * multiply-adds. No im2col window is built, which is what dominated small images such as the
 * zoo's 14x14 layers.
 *
 * <p>Each output is summed over (c, r, s) ascending from 0 with one fused multiply-add per tap
 * (padding adds w * 0), then the bias is added; results are within fp32 rounding of the direct
 * reference and do not depend on threading.
 */
final class PaddedPlaneConv {
    static final int KB = 8;

    private PaddedPlaneConv() {}

    /** Whether this kernel can run the layer (the Vector API module present, no groups). */
    static boolean suits(ConvSpec spec) {
        return VectorGemm.AVAILABLE && spec.groups() == 1;
    }

    /**
     * Whether at least a quarter of the accumulators computed are outputs: not so for a dense
     * layer (one pixel) or a narrow image, which the window kernel runs better.
     */
    private static boolean worthIt(ConvSpec spec, int h, int w) {
        int oh = spec.outH(h), ow = spec.outW(w);
        if (oh <= 0 || ow <= 0) return false;
        return 4L * oh * ow >= Kernel.rounded(PhasePlanes.of(spec, h, w).span(oh, ow));
    }

    /** A dense layer (or a 1x1 conv on a 1x1 image): one matrix-vector product per image. */
    private static boolean dense(ConvSpec spec, int h, int w) {
        return h == 1 && w == 1 && spec.kernelH() == 1 && spec.kernelW() == 1 && spec.padH() == 0 && spec.padW() == 0;
    }

    /**
     * A 1x1 conv with stride 1 and no padding on an image of at least one vector of pixels: the
     * NCHW input already is the [C][pixels] matrix, so it is read in place (no padded copy).
     */
    private static boolean pointwise(ConvSpec spec, int h, int w) {
        return spec.kernelH() == 1 && spec.kernelW() == 1 && spec.strideH() == 1 && spec.strideW() == 1
                && spec.padH() == 0 && spec.padW() == 0 && h * w >= Kernel.L;
    }

    /** @param otherwise runs images this kernel does not suit (narrow ones, where most lanes would be wasted) */
    static PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias, PreparedConv otherwise) {
        Checks.fp32(spec, weights, bias);
        int k = spec.outChannels(), c = spec.inChannels(), kh = spec.kernelH(), kw = spec.kernelW();
        int kd = c * kh * kw, blocks = (k + KB - 1) / KB;
        float[] packed = new float[blocks * kd * KB];
        for (int ko = 0; ko < k; ko++) {
            for (int q = 0; q < kd; q++) packed[((ko / KB) * kd + q) * KB + ko % KB] = weights[ko * kd + q];
        }
        float[] b = bias == null ? null : bias.clone();
        float[] rows = weights.clone(); // [K][C*R*S] as given: the dense layers' matrix
        // per layer and thread, so that a batch-1 run allocates only its output (see Scratch)
        ThreadLocal<Scratch> planes = ThreadLocal.withInitial(Scratch::new), tiles = ThreadLocal.withInitial(Scratch::new);
        return new PreparedConv() {
            @Override public float[] run(float[] input, int n, int h, int w) { return run(input, n, h, w, null); }

            @Override public float[] run(float[] input, int n, int h, int w, float[] into) { return run(input, n, h, w, into, Epilogue.none(k)); }

            @Override public float[] run(float[] input, int n, int h, int w, float[] into, Epilogue epilogue) {
                if (dense(spec, h, w)) {
                    float[] y = Kernel.matrixVector(spec, rows, b, RunShape.of(spec, input.length, n, h, w), input, into);
                    epilogue.applyAll(y, n);
                    return y;
                }
                if (pointwise(spec, h, w)) return Kernel.pointwise(spec, packed, b, RunShape.of(spec, input.length, n, h, w), input, into, tiles, epilogue);
                if (!worthIt(spec, h, w)) return otherwise.run(input, n, h, w, into, epilogue);
                RunShape rs = RunShape.of(spec, input.length, n, h, w);
                PhasePlanes pp = PhasePlanes.of(spec, h, w);
                int oh = rs.outH(), ow = rs.outW(), pitch = pp.pitch(), chanLen = pp.channelLength();
                int span = Kernel.rounded(pp.span(oh, ow));
                int[] offsets = new int[kd];
                int reach = 0;
                for (int ch = 0, q = 0; ch < c; ch++) {
                    for (int r = 0; r < kh; r++) {
                        for (int s = 0; s < kw; s++) reach = Math.max(reach, offsets[q++] = ch * chanLen + pp.tap(r, s));
                    }
                }
                // whole-vector reads past the last accumulator stay inside the array
                int paddedLength = Math.max(c * chanLen, reach + span);
                float[][] padded = new float[n][];
                Parallel.forEach(n, 0, img -> {
                    padded[img] = n == 1 ? planes.get().zeroed(h, w, paddedLength) : new float[paddedLength];
                    for (int ch = 0; ch < c; ch++) pp.pack(input, img * c + ch, padded[img], ch * chanLen);
                });
                float[] out = rs.output(into);
                Parallel.forEach(n * blocks, rs.macs(), t -> {
                    int img = t / blocks, kb = t % blocks;
                    float[] tile = tiles.get().sized(KB * span + Epilogue.lanes()); // writeRows reads a vector past a row
                    Kernel.block(packed, kb * kd * KB, kd, padded[img], offsets, span, tile);
                    for (int j = 0; j < KB && kb * KB + j < k; j++) {
                        int ko = kb * KB + j;
                        epilogue.writeRows(tile, j * span, pitch, b == null ? 0f : b[ko], ko, out, (img * k + ko) * oh * ow, oh, ow);
                    }
                });
                return out;
            }
        };
    }

    /** The vector code proper, in its own class so that nothing loads FloatVector unless the module is there. */
    private static final class Kernel {
        static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        static final int L = S.length();

        static int rounded(int span) { return (span + L - 1) / L * L; }

        /** out[img][k] = rows[k] . x[img] + b[k]: each dot product in vector lanes, then lanes summed, then the tail. */
        static float[] matrixVector(ConvSpec spec, float[] rows, float[] b, RunShape rs, float[] x, float[] into) {
            int k = spec.outChannels(), c = spec.inChannels();
            float[] out = rs.output(into);
            Parallel.forEach(rs.n(), rs.macs(), img -> {
                for (int ko = 0; ko < k; ko++) {
                    int wr = ko * c, xr = img * c, i = 0;
                    FloatVector acc = FloatVector.zero(S);
                    for (; i + L <= c; i += L) acc = FloatVector.fromArray(S, rows, wr + i).fma(FloatVector.fromArray(S, x, xr + i), acc);
                    float sum = acc.reduceLanes(VectorOperators.ADD);
                    for (; i < c; i++) sum = Math.fma(rows[wr + i], x[xr + i], sum);
                    out[img * k + ko] = sum + (b == null ? 0f : b[ko]);
                }
            });
            return out;
        }

        /**
         * A 1x1 conv as out[k][i] = sum over c ascending of w[k][c] * x[c][i] (one fused
         * multiply-add each, from 0), then + bias: the sums {@link #block} forms for such a layer.
         * Tasks are (image, block of KB output channels); each sweeps the pixels two vectors at a
         * time, then one, the last one flush with the last pixel (recomputing a few, with the same
         * result) so that no pixel needs a scalar tail. The sums go through a small tile so that
         * no vector is passed to a method C2 might not inline (it would box every vector).
         */
        static float[] pointwise(ConvSpec spec, float[] w, float[] b, RunShape rs, float[] x, float[] into, ThreadLocal<Scratch> tiles, Epilogue epilogue) {
            int k = spec.outChannels(), c = spec.inChannels(), p = rs.inPixels(), blocks = (k + KB - 1) / KB;
            float[] out = rs.output(into);
            Parallel.forEach(rs.n() * blocks, rs.macs(), t -> {
                int img = t / blocks, kb = t % blocks, k0 = kb * KB, channels = Math.min(KB, k - k0);
                int xBase = img * c * p, oBase = (img * k + k0) * p, wBase = kb * c * KB;
                float[] tile = tiles.get().sized(KB * 2 * L); // channel j's sums at j * 2L
                int i = 0;
                for (; i + 2 * L <= p; i += 2 * L) {
                    pointwiseTwo(w, wBase, c, x, xBase + i, p, tile);
                    flush(tile, 2 * L, out, oBase + i, p, channels, b, k0, epilogue);
                }
                for (; i < p; i += L) {
                    int at = Math.min(i, p - L);
                    pointwiseOne(w, wBase, c, x, xBase + at, p, tile);
                    flush(tile, L, out, oBase + at, p, channels, b, k0, epilogue);
                }
            });
            return out;
        }

        /** out[o + j * p + i] = tile[j * 2L + i] + bias for the block's channels j, i below {@code width} (the tile copy's add), then the epilogue. */
        private static void flush(float[] tile, int width, float[] out, int o, int p, int channels, float[] b, int k0, Epilogue epilogue) {
            float floor = epilogue.floor(), ceiling = epilogue.ceiling();
            for (int j = 0; j < channels; j++) {
                int k = k0 + j;
                float bk = b == null ? 0f : b[k], scale = epilogue.scaleOf(k), shift = epilogue.shiftOf(k);
                for (int i = 0; i < width; i += L) { // the epilogue in the register, as Epilogue.apply
                    FloatVector.fromArray(S, tile, j * 2 * L + i).add(bk).mul(scale).add(shift).max(floor).min(ceiling)
                            .intoArray(out, o + j * p + i);
                }
            }
        }

        /** Two vectors of pixels from {@code xi} (rows p apart) x KB channels into the tile. */
        private static void pointwiseTwo(float[] w, int wBase, int c, float[] x, int xi, int p, float[] tile) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            for (int q = 0, wi = wBase; q < c; q++, wi += KB, xi += p) {
                FloatVector u = FloatVector.fromArray(S, x, xi), v = FloatVector.fromArray(S, x, xi + L);
                FloatVector f = FloatVector.broadcast(S, w[wi]);
                a0 = u.fma(f, a0); b0 = v.fma(f, b0);
                f = FloatVector.broadcast(S, w[wi + 1]);
                a1 = u.fma(f, a1); b1 = v.fma(f, b1);
                f = FloatVector.broadcast(S, w[wi + 2]);
                a2 = u.fma(f, a2); b2 = v.fma(f, b2);
                f = FloatVector.broadcast(S, w[wi + 3]);
                a3 = u.fma(f, a3); b3 = v.fma(f, b3);
                f = FloatVector.broadcast(S, w[wi + 4]);
                a4 = u.fma(f, a4); b4 = v.fma(f, b4);
                f = FloatVector.broadcast(S, w[wi + 5]);
                a5 = u.fma(f, a5); b5 = v.fma(f, b5);
                f = FloatVector.broadcast(S, w[wi + 6]);
                a6 = u.fma(f, a6); b6 = v.fma(f, b6);
                f = FloatVector.broadcast(S, w[wi + 7]);
                a7 = u.fma(f, a7); b7 = v.fma(f, b7);
            }
            int d = 2 * L;
            a0.intoArray(tile, 0); b0.intoArray(tile, L);
            a1.intoArray(tile, d); b1.intoArray(tile, d + L);
            a2.intoArray(tile, 2 * d); b2.intoArray(tile, 2 * d + L);
            a3.intoArray(tile, 3 * d); b3.intoArray(tile, 3 * d + L);
            a4.intoArray(tile, 4 * d); b4.intoArray(tile, 4 * d + L);
            a5.intoArray(tile, 5 * d); b5.intoArray(tile, 5 * d + L);
            a6.intoArray(tile, 6 * d); b6.intoArray(tile, 6 * d + L);
            a7.intoArray(tile, 7 * d); b7.intoArray(tile, 7 * d + L);
        }

        private static void pointwiseOne(float[] w, int wBase, int c, float[] x, int xi, int p, float[] tile) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int q = 0, wi = wBase; q < c; q++, wi += KB, xi += p) {
                FloatVector u = FloatVector.fromArray(S, x, xi);
                a0 = u.fma(FloatVector.broadcast(S, w[wi]), a0);
                a1 = u.fma(FloatVector.broadcast(S, w[wi + 1]), a1);
                a2 = u.fma(FloatVector.broadcast(S, w[wi + 2]), a2);
                a3 = u.fma(FloatVector.broadcast(S, w[wi + 3]), a3);
                a4 = u.fma(FloatVector.broadcast(S, w[wi + 4]), a4);
                a5 = u.fma(FloatVector.broadcast(S, w[wi + 5]), a5);
                a6 = u.fma(FloatVector.broadcast(S, w[wi + 6]), a6);
                a7 = u.fma(FloatVector.broadcast(S, w[wi + 7]), a7);
            }
            int d = 2 * L;
            a0.intoArray(tile, 0);
            a1.intoArray(tile, d);
            a2.intoArray(tile, 2 * d);
            a3.intoArray(tile, 3 * d);
            a4.intoArray(tile, 4 * d);
            a5.intoArray(tile, 5 * d);
            a6.intoArray(tile, 6 * d);
            a7.intoArray(tile, 7 * d);
        }

        /** tile[j * span + i] = sum over q of w[q][j] * x[offsets[q] + i], for the KB channels of one block. */
        static void block(float[] w, int wBase, int kd, float[] x, int[] offsets, int span, float[] tile) {
            int i = 0;
            for (; i + 2 * L <= span; i += 2 * L) twoVectors(w, wBase, kd, x, offsets, span, tile, i);
            for (; i < span; i += L) oneVector(w, wBase, kd, x, offsets, span, tile, i);
        }

        /** Two vectors of pixels x KB channels: 16 accumulators, each weight broadcast feeds two fused multiply-adds. */
        private static void twoVectors(float[] w, int wBase, int kd, float[] x, int[] offsets, int span, float[] tile, int i) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            for (int q = 0, wi = wBase; q < kd; q++, wi += KB) {
                FloatVector u = FloatVector.fromArray(S, x, offsets[q] + i), v = FloatVector.fromArray(S, x, offsets[q] + i + L);
                FloatVector c = FloatVector.broadcast(S, w[wi]);
                a0 = u.fma(c, a0); b0 = v.fma(c, b0);
                c = FloatVector.broadcast(S, w[wi + 1]);
                a1 = u.fma(c, a1); b1 = v.fma(c, b1);
                c = FloatVector.broadcast(S, w[wi + 2]);
                a2 = u.fma(c, a2); b2 = v.fma(c, b2);
                c = FloatVector.broadcast(S, w[wi + 3]);
                a3 = u.fma(c, a3); b3 = v.fma(c, b3);
                c = FloatVector.broadcast(S, w[wi + 4]);
                a4 = u.fma(c, a4); b4 = v.fma(c, b4);
                c = FloatVector.broadcast(S, w[wi + 5]);
                a5 = u.fma(c, a5); b5 = v.fma(c, b5);
                c = FloatVector.broadcast(S, w[wi + 6]);
                a6 = u.fma(c, a6); b6 = v.fma(c, b6);
                c = FloatVector.broadcast(S, w[wi + 7]);
                a7 = u.fma(c, a7); b7 = v.fma(c, b7);
            }
            a0.intoArray(tile, i); b0.intoArray(tile, i + L);
            a1.intoArray(tile, span + i); b1.intoArray(tile, span + i + L);
            a2.intoArray(tile, 2 * span + i); b2.intoArray(tile, 2 * span + i + L);
            a3.intoArray(tile, 3 * span + i); b3.intoArray(tile, 3 * span + i + L);
            a4.intoArray(tile, 4 * span + i); b4.intoArray(tile, 4 * span + i + L);
            a5.intoArray(tile, 5 * span + i); b5.intoArray(tile, 5 * span + i + L);
            a6.intoArray(tile, 6 * span + i); b6.intoArray(tile, 6 * span + i + L);
            a7.intoArray(tile, 7 * span + i); b7.intoArray(tile, 7 * span + i + L);
        }

        private static void oneVector(float[] w, int wBase, int kd, float[] x, int[] offsets, int span, float[] tile, int i) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int q = 0, wi = wBase; q < kd; q++, wi += KB) {
                FloatVector v = FloatVector.fromArray(S, x, offsets[q] + i);
                a0 = v.fma(FloatVector.broadcast(S, w[wi]), a0);
                a1 = v.fma(FloatVector.broadcast(S, w[wi + 1]), a1);
                a2 = v.fma(FloatVector.broadcast(S, w[wi + 2]), a2);
                a3 = v.fma(FloatVector.broadcast(S, w[wi + 3]), a3);
                a4 = v.fma(FloatVector.broadcast(S, w[wi + 4]), a4);
                a5 = v.fma(FloatVector.broadcast(S, w[wi + 5]), a5);
                a6 = v.fma(FloatVector.broadcast(S, w[wi + 6]), a6);
                a7 = v.fma(FloatVector.broadcast(S, w[wi + 7]), a7);
            }
            a0.intoArray(tile, i);
            a1.intoArray(tile, span + i);
            a2.intoArray(tile, 2 * span + i);
            a3.intoArray(tile, 3 * span + i);
            a4.intoArray(tile, 4 * span + i);
            a5.intoArray(tile, 5 * span + i);
            a6.intoArray(tile, 6 * span + i);
            a7.intoArray(tile, 7 * span + i);
        }
    }
}
