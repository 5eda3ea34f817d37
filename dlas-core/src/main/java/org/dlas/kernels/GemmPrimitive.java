package org.dlas.kernels;

/**
 * im2col + cache-blocked GEMM: per group, the packed weight matrix [K/groups, C/groups*R*S]
 * (panels of {@link Gemm#MR} rows, k-major) times the lowered input (see {@link Lowered}).
 */
public final class GemmPrimitive implements ConvPrimitive {
    public static final String NAME = "gemm";

    @Override public String name() { return NAME; }

    @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) {
        Checks.fp32(spec, weights, bias);
        int kg = spec.outPerGroup(), kd = spec.weightCount() / spec.outChannels();
        float[][] packed = new float[spec.groups()][];
        for (int g = 0; g < spec.groups(); g++) packed[g] = Gemm.pack(weights, g * kg * kd, kg, kd);
        float[] b = bias == null ? null : bias.clone();
        Lowered.ProductF product = new Lowered.ProductF() {
            @Override public void block(int g, int from, int to, float[][] col, int base, int nb, float[] tile) {
                Gemm.multiply(packed[g], kg, kd, from, to, col, base, nb, tile);
            }
            @Override public void vector(int g, int from, int to, float[] x, int xOff, float[] y, int yOff) {
                Gemm.multiplyVector(packed[g], kg, kd, from, to, x, xOff, y, yOff);
            }
        };
        return (input, n, h, w) -> Lowered.run(spec, b, product, Gemm.MR, input, n, h, w);
    }

    @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
        Checks.int8(spec, weights, bias);
        int kg = spec.outPerGroup(), kd = spec.weightCount() / spec.outChannels();
        int[] wide = new int[weights.length];
        for (int i = 0; i < wide.length; i++) wide[i] = weights[i];
        int[][] packed = new int[spec.groups()][];
        for (int g = 0; g < spec.groups(); g++) packed[g] = Gemm.pack(wide, g * kg * kd, kg, kd);
        int[] b = bias == null ? null : bias.clone();
        Lowered.ProductI product = new Lowered.ProductI() {
            @Override public void block(int g, int from, int to, int[][] col, int base, int nb, int[] tile) {
                Gemm.multiply(packed[g], kg, kd, 0, kd, from, to, col, base, nb, tile);
            }
            @Override public void vector(int g, int from, int to, int[] x, int xOff, int[] y, int yOff) {
                Gemm.multiplyVector(packed[g], kg, kd, from, to, x, xOff, y, yOff);
            }
        };
        return (input, n, h, w, zp) -> Lowered.run(spec, b, product, Gemm.MR, input, n, h, w, zp);
    }
}
