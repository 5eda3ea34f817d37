package org.dlas.kernels;

/**
 * Sparse: per group the weight matrix [K/groups, C/groups*R*S] is stored in CSR (row pointers,
 * column indices, values; only non-zeros), and each stored value scales one row of the lowered
 * input (see {@link Lowered}) into the output row. Work is proportional to the non-zeros.
 * No parameters.
 */
public final class CsrPrimitive implements ConvPrimitive {
    public static final String NAME = "csr";

    @Override public String name() { return NAME; }

    @Override public boolean sparse() { return true; }

    /** CSR form of one group's matrix; {@code values} is a float[] or an int[]. */
    private record Csr(int[] rowPtr, int[] cols, Object values) {}

    /** Builds the CSR form from fp32 weights ({@code wf}) or int8 weights ({@code wb}). */
    private static Csr[] build(ConvSpec spec, float[] wf, byte[] wb) {
        boolean fp32 = wf != null;
        java.util.function.IntPredicate nonZero = fp32 ? i -> wf[i] != 0f : i -> wb[i] != 0;
        int kg = spec.outPerGroup(), kd = spec.weightCount() / spec.outChannels();
        Csr[] out = new Csr[spec.groups()];
        for (int g = 0; g < spec.groups(); g++) {
            int base = g * kg * kd, nnz = 0;
            for (int i = 0; i < kg * kd; i++) if (nonZero.test(base + i)) nnz++;
            int[] rowPtr = new int[kg + 1], cols = new int[nnz];
            float[] vf = fp32 ? new float[nnz] : null;
            int[] vi = fp32 ? null : new int[nnz];
            int e = 0;
            for (int r = 0; r < kg; r++) {
                for (int c = 0; c < kd; c++) {
                    int at = base + r * kd + c;
                    if (!nonZero.test(at)) continue;
                    cols[e] = c;
                    if (fp32) vf[e] = wf[at]; else vi[e] = wb[at];
                    e++;
                }
                rowPtr[r + 1] = e;
            }
            out[g] = new Csr(rowPtr, cols, fp32 ? vf : vi);
        }
        return out;
    }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        Csr[] csr = build(spec, weights, null);
        float[] b = bias == null ? null : bias.clone();
        Lowered.ProductF product = new Lowered.ProductF() {
            @Override public void block(int g, int from, int to, float[][] col, int base, int nb, float[] tile) {
                int[] rowPtr = csr[g].rowPtr(), cols = csr[g].cols();
                float[] vals = (float[]) csr[g].values();
                float[] acc = new float[Gemm.NB];
                for (int r = from; r < to; r++) {
                    for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
                        float v = vals[e];
                        float[] bk = col[base + cols[e]];
                        for (int j = 0; j < nb; j++) acc[j] += v * bk[j];
                    }
                    System.arraycopy(acc, 0, tile, (r - from) * Gemm.NB, nb);
                    java.util.Arrays.fill(acc, 0, nb, 0f);
                }
            }
            @Override public void vector(int g, int from, int to, float[] x, int xOff, float[] y, int yOff) {
                int[] rowPtr = csr[g].rowPtr(), cols = csr[g].cols();
                float[] vals = (float[]) csr[g].values();
                for (int r = from; r < to; r++) {
                    float s = 0f;
                    for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) s += vals[e] * x[xOff + cols[e]];
                    y[yOff + r] = s;
                }
            }
        };
        return (input, n, h, w) -> Lowered.run(spec, b, product, 1, input, n, h, w);
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        Csr[] csr = build(spec, null, weights);
        int[] b = bias == null ? null : bias.clone();
        Lowered.ProductI product = new Lowered.ProductI() {
            @Override public void block(int g, int from, int to, int[][] col, int base, int nb, int[] tile) {
                int[] rowPtr = csr[g].rowPtr(), cols = csr[g].cols();
                int[] vals = (int[]) csr[g].values();
                int[] acc = new int[Gemm.NB];
                for (int r = from; r < to; r++) {
                    for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
                        int v = vals[e];
                        int[] bk = col[base + cols[e]];
                        for (int j = 0; j < nb; j++) acc[j] += v * bk[j];
                    }
                    System.arraycopy(acc, 0, tile, (r - from) * Gemm.NB, nb);
                    java.util.Arrays.fill(acc, 0, nb, 0);
                }
            }
            @Override public void vector(int g, int from, int to, int[] x, int xOff, int[] y, int yOff) {
                int[] rowPtr = csr[g].rowPtr(), cols = csr[g].cols();
                int[] vals = (int[]) csr[g].values();
                for (int r = from; r < to; r++) {
                    int s = 0;
                    for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) s += vals[e] * x[xOff + cols[e]];
                    y[yOff + r] = s;
                }
            }
        };
        return (input, n, h, w, zp) -> Lowered.run(spec, b, product, 1, input, n, h, w, zp);
    }
}
