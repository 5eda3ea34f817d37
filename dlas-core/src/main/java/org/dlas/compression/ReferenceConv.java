package org.dlas.compression;

import java.util.Optional;

import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.PreparedConvInt8;

/**
 * A plain fp32 direct convolution used to run a model for calibration, so that this package
 * depends on no kernel implementation. Handles groups, stride and padding; dense layers are the
 * 1x1-on-1x1 case. It has no int8 kernel: calibration always runs the fp32 graph.
 */
final class ReferenceConv implements ConvPrimitive {
    static final ReferenceConv INSTANCE = new ReferenceConv();

    @Override public String name() { return "compression-reference"; }

    @Override public Optional<String> notApplicable(ConvSpec spec) { return Optional.empty(); }

    @Override
    public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        float[] w = weights.clone();
        float[] b = bias == null ? null : bias.clone();
        return (x, n, h, wIn) -> run(spec, w, b, x, n, h, wIn);
    }

    @Override
    public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        throw new UnsupportedOperationException("the compression reference convolution runs fp32 only");
    }

    static float[] run(ConvSpec s, float[] weight, float[] bias, float[] x, int n, int h, int w) {
        int oh = s.outH(h), ow = s.outW(w);
        int k = s.outChannels(), c = s.inChannels(), cg = s.inPerGroup(), kg = s.outPerGroup();
        int kh = s.kernelH(), kw = s.kernelW(), sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        float[] y = new float[n * k * oh * ow];
        int plane = oh * ow;
        for (int b = 0; b < n; b++) {
            for (int ko = 0; ko < k; ko++) {
                int yBase = (b * k + ko) * plane;
                if (bias != null) java.util.Arrays.fill(y, yBase, yBase + plane, bias[ko]);
                int group = ko / kg;
                for (int ci = 0; ci < cg; ci++) {
                    int xBase = (b * c + group * cg + ci) * h * w;
                    for (int r = 0; r < kh; r++) {
                        for (int sx = 0; sx < kw; sx++) {
                            float wv = weight[((ko * cg + ci) * kh + r) * kw + sx];
                            if (wv == 0f) continue;
                            // output columns whose input column ox*sw - pw + sx lies inside the image
                            int oxLo = Math.max(0, ceilDiv(pw - sx, sw));
                            int oxHi = Math.min(ow - 1, Math.floorDiv(w - 1 + pw - sx, sw));
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * sh - ph + r;
                                if (iy < 0 || iy >= h) continue;
                                int yRow = yBase + oy * ow, xRow = xBase + iy * w - pw + sx;
                                for (int ox = oxLo; ox <= oxHi; ox++) y[yRow + ox] += wv * x[xRow + ox * sw];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private static int ceilDiv(int a, int b) { return -Math.floorDiv(-a, b); }
}
