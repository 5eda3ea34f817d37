package org.dlas.runtime;

import org.dlas.ir.Int8Params;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConvInt8;

/**
 * A conv/dense layer run in int8: quantise the fp32 input with the calibrated per-tensor scale and
 * zero point, accumulate in int32 through the primitive's int8 kernel, dequantise per channel.
 */
final class Int8Layer {
    private final ConvSpec spec;
    private final Int8Params q;
    private final PreparedConvInt8 kernel;

    Int8Layer(ConvSpec spec, Int8Params q, float[] bias, ConvPrimitive primitive) {
        this.spec = spec;
        this.q = q;
        int[] qBias = new int[spec.outChannels()];
        if (bias != null) {
            for (int k = 0; k < qBias.length; k++) {
                qBias[k] = Math.round(bias[k] / (q.inputScale() * q.weightScales()[k]));
            }
        }
        this.kernel = primitive.prepareInt8(spec, q.weights(), qBias);
    }

    static byte[] quantize(float[] x, float scale, int zeroPoint) {
        byte[] out = new byte[x.length];
        float inv = 1f / scale;
        for (int i = 0; i < x.length; i++) {
            int v = Math.round(x[i] * inv) + zeroPoint;
            out[i] = (byte) Math.max(-128, Math.min(127, v));
        }
        return out;
    }

    float[] run(float[] input, int n, int h, int w) {
        int[] acc = kernel.run(quantize(input, q.inputScale(), q.inputZeroPoint()), n, h, w, q.inputZeroPoint());
        int plane = spec.outH(h) * spec.outW(w);
        int k = spec.outChannels();
        float[] y = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            int channel = (i / plane) % k;
            y[i] = acc[i] * q.inputScale() * q.weightScales()[channel];
        }
        return y;
    }
}
