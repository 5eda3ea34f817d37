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
                // per-plane float sums, added across planes in double
                double sum = 0;
                for (int b = 0; b < n; b++) sum += Gemm.sum(x.planes[b * C + c], hw);
                long m = (long) n * hw;
                double mean = sum / m;
                float fm = (float) mean;
                double sq = 0;
                for (int b = 0; b < n; b++) sq += sumSquaredDeviation(x.planes[b * C + c], hw, fm);
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

    private static float sumSquaredDeviation(float[] p, int n, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            float d0 = p[j] - mean, d1 = p[j + 1] - mean, d2 = p[j + 2] - mean, d3 = p[j + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; j < n; j++) {
            float d = p[j] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of d[j] * (p[j] - mean). */
    private static float sumProductDeviation(float[] d, float[] p, int n, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += d[j] * (p[j] - mean);
            s1 += d[j + 1] * (p[j + 1] - mean);
            s2 += d[j + 2] * (p[j + 2] - mean);
            s3 += d[j + 3] * (p[j + 3] - mean);
        }
        for (; j < n; j++) s0 += d[j] * (p[j] - mean);
        return (s0 + s1) + (s2 + s3);
    }

    @Override void backward(Act[] xs, Act y, Act dy, Act[] dxs) {
        Act x = xs[0], dx = dxs[0];
        int n = x.n, hw = x.hw();
        float m = (float) n * hw;
        float[] g = gamma.value[0];
        Par.each(C, 4L * n * hw, c -> {
            float mean = batchMean[c], inv = batchInvStd[c];
            double sdy = 0, sdyx = 0;
            for (int b = 0; b < n; b++) {
                float[] p = x.planes[b * C + c], d = dy.planes[b * C + c];
                sdy += Gemm.sum(d, hw);
                sdyx += sumProductDeviation(d, p, hw, mean);
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
