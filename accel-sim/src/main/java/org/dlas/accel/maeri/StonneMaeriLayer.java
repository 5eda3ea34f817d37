package org.dlas.accel.maeri;

/**
 * A layer and its tile in STONNE's CONV terms: filter R x S over C channels, K filters in G groups,
 * N images of X x Y inputs, one stride; tiles T_R .. T_Y_ (STONNE's spelling, T_X_/T_Y_ over the
 * output). FC layers and dense GEMMs map onto it the way STONNE maps them ({@link #fc}).
 */
public record StonneMaeriLayer(int r, int s, int c, int k, int g, int n, int x, int y, int stride,
                               int tR, int tS, int tC, int tK, int tG, int tN, int tX, int tY) {

    public StonneMaeriLayer {
        int[] dims = {r, s, c, k, g, n, x, y, stride, tR, tS, tC, tK, tG, tN, tX, tY};
        for (int d : dims) if (d < 1) throw new IllegalArgumentException("STONNE layer dimensions and tiles must be >= 1: " + this);
        if (r > x || s > y) throw new IllegalArgumentException("filter " + r + "x" + s + " larger than the input " + x + "x" + y);
    }

    /**
     * STONNE's FC / DenseGEMM: M rows of K inputs times N filters becomes a 1 x K filter over an
     * M x K input with N filters; the tile T_M x T_N x T_K becomes T_X_ = T_M, T_K = T_N, T_S = T_K.
     */
    public static StonneMaeriLayer fc(int m, int n, int k, int tM, int tN, int tK) {
        return new StonneMaeriLayer(1, k, 1, n, 1, 1, m, k, 1, 1, tK, 1, tN, 1, 1, tM, 1);
    }

    /** A dlas layer and MAERI mapping in STONNE's terms (padded input), or null when STONNE cannot express it (different strides down and across). */
    public static StonneMaeriLayer of(org.dlas.accel.LayerShape s, MaeriMapping m) {
        var spec = s.spec();
        if (spec.strideH() != spec.strideW()) return null;
        return new StonneMaeriLayer(s.kernelH(), s.kernelW(), s.cg(), s.kg(), s.groups(), s.n(), s.paddedH(), s.paddedW(), spec.strideH(),
                m.tR(), m.tS(), m.tC(), m.tK(), m.tG(), m.tN(), m.tX(), m.tY());
    }

    public int outX() { return (x - r + stride) / stride; }
    public int outY() { return (y - s + stride) / stride; }

    static int iter(int dim, int tile) { return (dim + tile - 1) / tile; }

    /** Reduction folds per output: the R, S and C tiles each output goes through. */
    public int folds() { return iter(r, tR) * iter(s, tS) * iter(c, tC); }

    /** Virtual neurons mapped at once. */
    public int vns() { return tN * tG * tK * tX * tY; }
}
