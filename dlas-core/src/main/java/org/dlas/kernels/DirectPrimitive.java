package org.dlas.kernels;

/**
 * The reference: a plain loop nest over (image, output channel, output pixel, input channel of
 * the group, kernel row, kernel column), skipping taps that fall into the padding. Every layer
 * shape is supported (groups, depthwise, stride, padding, dense). The fp32 sum runs in that
 * order in float; the int8 sum is {@code sum w * (x - zeroPoint)} in int32.
 */
public final class DirectPrimitive implements ConvPrimitive {
    public static final String NAME = "direct";

    @Override public String name() { return NAME; }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        float[] wt = weights.clone();
        float[] b = bias == null ? null : bias.clone();
        return (input, n, h, w) -> {
            RunShape rs = RunShape.of(spec, input.length, n, h, w);
            float[] out = new float[rs.outputLength()];
            int k = spec.outChannels(), kg = spec.outPerGroup(), cg = spec.inPerGroup();
            int kh = spec.kernelH(), kw = spec.kernelW(), sh = spec.strideH(), sw = spec.strideW();
            int ph = spec.padH(), pw = spec.padW(), oh = rs.outH(), ow = rs.outW();
            Parallel.forEach(n * k, rs.macs(), t -> {
                int img = t / k, ko = t % k, g = ko / kg;
                int inBase = (img * spec.inChannels() + g * cg) * h * w;
                int wBase = ko * cg * kh * kw;
                int o = (img * k + ko) * oh * ow;
                float bk = b == null ? 0f : b[ko];
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float acc = 0f;
                        for (int c = 0; c < cg; c++) {
                            for (int r = 0; r < kh; r++) {
                                int iy = oy * sh - ph + r;
                                if (iy < 0 || iy >= h) continue;
                                for (int s = 0; s < kw; s++) {
                                    int ix = ox * sw - pw + s;
                                    if (ix < 0 || ix >= w) continue;
                                    acc += wt[wBase + (c * kh + r) * kw + s] * input[inBase + (c * h + iy) * w + ix];
                                }
                            }
                        }
                        out[o + oy * ow + ox] = acc + bk;
                    }
                }
            });
            return out;
        };
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        byte[] wt = weights.clone();
        int[] b = bias == null ? null : bias.clone();
        return (input, n, h, w, zp) -> {
            Checks.zeroPoint(zp);
            RunShape rs = RunShape.of(spec, input.length, n, h, w);
            int[] out = new int[rs.outputLength()];
            int k = spec.outChannels(), kg = spec.outPerGroup(), cg = spec.inPerGroup();
            int kh = spec.kernelH(), kw = spec.kernelW(), sh = spec.strideH(), sw = spec.strideW();
            int ph = spec.padH(), pw = spec.padW(), oh = rs.outH(), ow = rs.outW();
            Parallel.forEach(n * k, rs.macs(), t -> {
                int img = t / k, ko = t % k, g = ko / kg;
                int inBase = (img * spec.inChannels() + g * cg) * h * w;
                int wBase = ko * cg * kh * kw;
                int o = (img * k + ko) * oh * ow;
                int bk = b == null ? 0 : b[ko];
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int acc = 0;
                        for (int c = 0; c < cg; c++) {
                            for (int r = 0; r < kh; r++) {
                                int iy = oy * sh - ph + r;
                                if (iy < 0 || iy >= h) continue; // padding: (zp - zp) * w = 0
                                for (int s = 0; s < kw; s++) {
                                    int ix = ox * sw - pw + s;
                                    if (ix < 0 || ix >= w) continue;
                                    acc += wt[wBase + (c * kh + r) * kw + s] * (input[inBase + (c * h + iy) * w + ix] - zp);
                                }
                            }
                        }
                        out[o + oy * ow + ox] = acc + bk;
                    }
                }
            });
            return out;
        };
    }
}
