package org.dlas.compression;

import java.util.Optional;

import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.PreparedConvInt8;

/**
 * Test-only direct convolution (fp32 and int8) so that CompiledModel can run graphs here without
 * the kernel implementations. Deliberately the most literal loop nest: every output element is one
 * sequential sum over (c, r, s) starting from the bias.
 */
final class TestConv implements ConvPrimitive {
    static final TestConv INSTANCE = new TestConv();

    @Override public String name() { return "test-direct"; }

    @Override public Optional<String> notApplicable(ConvSpec spec) { return Optional.empty(); }

    @Override
    public PreparedConv prepare(ConvSpec s, float[] weights, float[] bias) {
        return (x, n, h, w) -> {
            int oh = s.outH(h), ow = s.outW(w), k = s.outChannels(), c = s.inChannels(), cg = s.inPerGroup(), kg = s.outPerGroup();
            float[] y = new float[n * k * oh * ow];
            for (int b = 0; b < n; b++) for (int ko = 0; ko < k; ko++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
                float acc = bias == null ? 0f : bias[ko];
                int g = ko / kg;
                for (int ci = 0; ci < cg; ci++) for (int r = 0; r < s.kernelH(); r++) for (int q = 0; q < s.kernelW(); q++) {
                    int iy = oy * s.strideH() - s.padH() + r, ix = ox * s.strideW() - s.padW() + q;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    acc += weights[((ko * cg + ci) * s.kernelH() + r) * s.kernelW() + q] * x[((b * c + g * cg + ci) * h + iy) * w + ix];
                }
                y[((b * k + ko) * oh + oy) * ow + ox] = acc;
            }
            return y;
        };
    }

    @Override
    public PreparedConvInt8 prepareInt8(ConvSpec s, byte[] weights, int[] bias) {
        return (x, n, h, w, zp) -> {
            int oh = s.outH(h), ow = s.outW(w), k = s.outChannels(), c = s.inChannels(), cg = s.inPerGroup(), kg = s.outPerGroup();
            int[] y = new int[n * k * oh * ow];
            for (int b = 0; b < n; b++) for (int ko = 0; ko < k; ko++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
                int acc = bias == null ? 0 : bias[ko];
                int g = ko / kg;
                for (int ci = 0; ci < cg; ci++) for (int r = 0; r < s.kernelH(); r++) for (int q = 0; q < s.kernelW(); q++) {
                    int iy = oy * s.strideH() - s.padH() + r, ix = ox * s.strideW() - s.padW() + q;
                    int v = (iy < 0 || iy >= h || ix < 0 || ix >= w) ? zp : x[((b * c + g * cg + ci) * h + iy) * w + ix];
                    acc += (v - zp) * weights[((ko * cg + ci) * s.kernelH() + r) * s.kernelW() + q];
                }
                y[((b * k + ko) * oh + oy) * ow + ox] = acc;
            }
            return y;
        };
    }
}
