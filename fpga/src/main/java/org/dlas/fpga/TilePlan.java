package org.dlas.fpga;

import org.dlas.fpga.sim.SimConfig;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * How the driver cuts one GEMM {@code out[m][n] = W[m][k] x X[k][n]} into tiles that fit the
 * design's buffers: tiles of {@code mt x kt} weights, {@code kt x nt} inputs and
 * {@code mt x nt} int32 accumulators (edge tiles are smaller).
 *
 * <p>Sizes, in this order (W, X: buffer bytes; O: buffer bytes / 4; B: 1024 biases; gm x gn is
 * the block one array pass covers: rows x cols on sa, lanes x 1 on vm):
 * <ol>
 *   <li>the smallest useful block {@code m0 = min(m, gm, B)}, {@code n0 = min(n, gn)}, shrunk
 *       until {@code m0*n0 <= O}, {@code m0 <= W}, {@code n0 <= X};</li>
 *   <li>{@code kt = min(k, W / m0, X / n0)}: the whole reduction when it fits;</li>
 *   <li>{@code mt = min(m, B, W / kt, O / n0)}, rounded down to a multiple of gm when >= gm;</li>
 *   <li>{@code nt = min(n, X / kt, O / mt)}, rounded down to a multiple of gn when >= gn.</li>
 * </ol>
 * Example: m=10, k=75, n=16 on an 8x8 array with 256-byte buffers (O = 64): m0=n0=8, kt=32,
 * mt=8, nt=8, so 2 x 2 x 3 = 12 COMPUTE tiles.
 */
public record TilePlan(int m, int n, int k, int mt, int nt, int kt) {

    public static TilePlan of(SimConfig c, int m, int n, int k) {
        if (m < 1 || n < 1 || k < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "GEMM dimensions must be >= 1: " + m + "x" + n + "x" + k);
        long wcap = c.weightCapacity(), xcap = c.inputCapacity(), ocap = c.outputCapacity();
        int gm = c.design() == SimConfig.SA ? c.rows() : c.lanes();
        int gn = c.design() == SimConfig.SA ? c.cols() : 1;
        long m0 = Math.min(Math.min(m, gm), SimConfig.BIAS_ENTRIES);
        long n0 = Math.min(n, gn);
        m0 = Math.min(m0, wcap);
        n0 = Math.min(n0, xcap);
        if (m0 * n0 > ocap) {
            n0 = Math.max(1, ocap / m0);
            if (m0 * n0 > ocap) {
                m0 = ocap;
                n0 = 1;
            }
        }
        long kt = Math.min(k, Math.min(wcap / m0, xcap / n0));
        long mt = Math.min(Math.min(m, SimConfig.BIAS_ENTRIES), Math.min(wcap / kt, ocap / n0));
        if (mt >= gm) mt -= mt % gm;
        long nt = Math.min(n, Math.min(xcap / kt, ocap / mt));
        if (nt >= gn) nt -= nt % gn;
        if (kt < 1 || mt < 1 || nt < 1) throw new IllegalStateException("no tile fits: " + c);
        return new TilePlan(m, n, k, (int) mt, (int) nt, (int) kt);
    }

    public int mTiles() { return ceilDiv(m, mt); }
    public int nTiles() { return ceilDiv(n, nt); }
    public int kTiles() { return ceilDiv(k, kt); }

    /** COMPUTE instructions for the whole GEMM. */
    public int computes() { return mTiles() * nTiles() * kTiles(); }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
}
