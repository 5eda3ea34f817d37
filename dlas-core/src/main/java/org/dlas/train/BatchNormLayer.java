package org.dlas.train;

import java.util.List;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * BatchNorm. Training: normalises with the batch's per-channel mean and (biased) variance over
 * images and positions, and updates the running mean and (unbiased) variance with momentum
 * {@value #MOMENTUM}. Evaluation: uses the running statistics. Exports them as the op's mean/var.
 */
final class BatchNormLayer extends Layer {
    static final float MOMENTUM = 0.1f;
    private final int C;
    private final float eps;
    private final Param gamma, beta;
    private final float[] runMean, runVar, batchMean, batchInvStd;

    BatchNormLayer(Node node, Shape[] in, Shape out) {
        super(node, in, out);
        Op.BatchNorm op = (Op.BatchNorm) node.op();
        C = op.gamma().length;
        eps = op.eps();
        gamma = Param.of(node.name() + ".gamma", op.gamma(), 1, false);
        beta = Param.of(node.name() + ".beta", op.beta(), 1, false);
        runMean = op.mean().clone();
        runVar = op.var().clone();
        batchMean = new float[C];
        batchInvStd = new float[C];
    }

    @Override List<Param> params() { return List.of(gamma, beta); }

    @Override Op export() {
        return new Op.BatchNorm(gamma.flat(), beta.flat(), runMean.clone(), runVar.clone(), eps);
    }

    @Override void forward(Act[] xs, Act y, boolean training) {
        Act x = xs[0];
        int n = x.n, hw = x.hw();
        float[] g = gamma.value[0], bt = beta.value[0];
        Par.each(C, 3L * n * hw, c -> {
            float scale, shift;
            if (training) {
                // per-plane float sums around a shift (the first value: keeps E[x^2] - E[x]^2 well
                // conditioned), added across planes in double
                float shiftBy = x.planes[c][0];
                double sum = 0, sumSq = 0;
                float[] two = new float[2];
                for (int b = 0; b < n; b++) {
                    sums(x.planes[b * C + c], hw, shiftBy, two);
                    sum += two[0];
                    sumSq += two[1];
                }
                long m = (long) n * hw;
                double meanShifted = sum / m;
                double mean = meanShifted + shiftBy;
                double sq = Math.max(0, sumSq - meanShifted * sum);
                double var = sq / m;
                float invStd = (float) (1.0 / Math.sqrt(var + eps));
                batchMean[c] = (float) mean;
                batchInvStd[c] = invStd;
                runMean[c] = (1 - MOMENTUM) * runMean[c] + MOMENTUM * (float) mean;
                runVar[c] = (1 - MOMENTUM) * runVar[c] + MOMENTUM * (float) (m > 1 ? sq / (m - 1) : var);
                scale = g[c] * invStd;
                shift = bt[c] - (float) mean * scale;
            } else {
                scale = g[c] / (float) Math.sqrt(runVar[c] + eps);
                shift = bt[c] - runMean[c] * scale;
            }
            for (int b = 0; b < n; b++) {
                float[] p = x.planes[b * C + c], q = y.planes[b * C + c];
                for (int j = 0; j < hw; j++) q[j] = p[j] * scale + shift;
            }
        });
    }

    /** out[0] = sum of (p[j] - shift), out[1] = sum of (p[j] - shift)^2. */
    private static void sums(float[] p, int n, float shift, float[] out) {
        float s0 = 0, s1 = 0, q0 = 0, q1 = 0;
        int j = 0;
        for (; j + 2 <= n; j += 2) {
            float a = p[j] - shift, b = p[j + 1] - shift;
            s0 += a;
            s1 += b;
            q0 += a * a;
            q1 += b * b;
        }
        if (j < n) {
            float a = p[j] - shift;
            s0 += a;
            q0 += a * a;
        }
        out[0] = s0 + s1;
        out[1] = q0 + q1;
    }

    /** out[0] = sum of d[j], out[1] = sum of d[j] * (p[j] - mean). */
    private static void gradSums(float[] d, float[] p, int n, float mean, float[] out) {
        float s0 = 0, s1 = 0, q0 = 0, q1 = 0;
        int j = 0;
        for (; j + 2 <= n; j += 2) {
            float d0 = d[j], d1 = d[j + 1];
            s0 += d0;
            s1 += d1;
            q0 += d0 * (p[j] - mean);
            q1 += d1 * (p[j + 1] - mean);
        }
        if (j < n) {
            s0 += d[j];
            q0 += d[j] * (p[j] - mean);
        }
        out[0] = s0 + s1;
        out[1] = q0 + q1;
    }

    @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
        Act x = xs[0], dx = dxs[0];
        int n = x.n, hw = x.hw();
        float m = (float) n * hw;
        float[] g = gamma.value[0];
        Par.each(C, 4L * n * hw, c -> {
            float mean = batchMean[c], inv = batchInvStd[c];
            double sdy = 0, sdyx = 0;
            float[] two = new float[2];
            for (int b = 0; b < n; b++) {
                gradSums(dy.planes[b * C + c], x.planes[b * C + c], hw, mean, two);
                sdy += two[0];
                sdyx += two[1];
            }
            sdyx *= inv;
            gamma.grad[0][c] = (float) sdyx;
            beta.grad[0][c] = (float) sdy;
            if (dx == null) return;
            float k = g[c] * inv, a = (float) sdy / m, bcoef = (float) sdyx / m;
            for (int b = 0; b < n; b++) {
                float[] p = x.planes[b * C + c], d = dy.planes[b * C + c], o = dx.planes[b * C + c];
                for (int j = 0; j < hw; j++) o[j] += k * (d[j] - a - (p[j] - mean) * inv * bcoef);
            }
        });
    }
}
