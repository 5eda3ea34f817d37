package org.dlas.fpga;

import java.util.ArrayList;
import java.util.List;

import org.dlas.fpga.sim.SimConfig;

/**
 * Writes the program for GEMMs (like SECDA's TFLite delegate driver): for each {@code mt} block
 * of output channels its biases, then for each {@code nt} block of columns the reduction tiles
 * (weights and inputs loaded only when not already resident, COMPUTE starting from the biases on
 * the first tile and accumulating on the others) and one STORE of the block.
 */
public final class GemmDriver {

    /** An output block streamed out by one STORE, in program order. */
    public record Store(int m0, int rows, int n0, int cols) { }

    /** Instructions written so far. */
    public static final class Counts {
        public int weightLoads, inputLoads, biasLoads, computes, stores;
        /** Bound on the cycles the computes take (for the watchdog). */
        public long computeCycleBound;

        @Override public String toString() {
            return "weights " + weightLoads + ", inputs " + inputLoads + ", biases " + biasLoads + ", computes " + computes + ", stores " + stores;
        }
    }

    private GemmDriver() { }

    /**
     * Appends one GEMM to {@code p}: {@code out[m][n] = bias[m] + sum_t w[m][t] * (x[t][n] - zp)}.
     *
     * @param w        weights, row-major with row stride {@code plan.k()}, starting at {@code wOff}
     * @param x        inputs, row-major [k][n] starting at 0
     * @param bias     biases from {@code biasOff}, or null for none
     * @param stores   receives the output blocks in the order the results come back
     */
    public static void emit(ProgramWriter p, SimConfig c, TilePlan plan, byte[] w, int wOff, byte[] x, int[] bias, int biasOff,
                            int zeroPoint, List<Store> stores, Counts counts) {
        int m = plan.m(), n = plan.n(), k = plan.k();
        long residentW = -1, residentX = -1;
        for (int mi = 0; mi < plan.mTiles(); mi++) {
            int m0 = mi * plan.mt(), ml = Math.min(plan.mt(), m - m0);
            if (bias != null) {
                p.loadBias(bias, biasOff + m0, ml);
                counts.biasLoads++;
            }
            for (int ni = 0; ni < plan.nTiles(); ni++) {
                int n0 = ni * plan.nt(), nl = Math.min(plan.nt(), n - n0);
                for (int ki = 0; ki < plan.kTiles(); ki++) {
                    int k0 = ki * plan.kt(), kl = Math.min(plan.kt(), k - k0);
                    long wKey = (long) mi * plan.kTiles() + ki;
                    if (wKey != residentW) {
                        p.loadWeights(w, wOff, k, m0, ml, k0, kl);
                        counts.weightLoads++;
                        residentW = wKey;
                    }
                    long xKey = (long) ki * plan.nTiles() + ni;
                    if (xKey != residentX) {
                        p.loadInputs(x, 0, n, k0, kl, n0, nl);
                        counts.inputLoads++;
                        residentX = xKey;
                    }
                    int flags = ki > 0 ? Isa.FLAG_ACCUMULATE : bias != null ? Isa.FLAG_BIAS : 0;
                    p.compute(ml, nl, kl, flags, zeroPoint);
                    counts.computes++;
                    counts.computeCycleBound += computeBound(c, ml, nl, kl);
                }
                p.store(ml, nl);
                counts.stores++;
                stores.add(new Store(m0, ml, n0, nl));
            }
        }
    }

    /** A generous bound on one COMPUTE's cycles (the designs' pass costs, doubled). */
    static long computeBound(SimConfig c, int m, int n, int k) {
        if (c.design() == SimConfig.SA) {
            long passes = (long) TilePlan.ceilDiv(m, c.rows()) * TilePlan.ceilDiv(n, c.cols());
            return 2 * passes * (k + 2L * c.rows() + c.cols() + 4);
        }
        long passes = TilePlan.ceilDiv(m, c.lanes());
        return 2 * passes * ((long) (n + 1) * k + 4);
    }

    /** The watchdog for a program: DMA at its beat width, the computes, and slack. */
    public static long maxCycles(SimConfig c, long programBytes, long resultValues, Counts counts) {
        return 10_000 + 2 * (programBytes + 4 * resultValues) / c.dmaBytesPerCycle() + 64L * counts.stores
                + 4L * counts.computes + counts.computeCycleBound;
    }

    /** A whole single-GEMM program (used by tests and the benchmark). */
    public static Program gemmProgram(SimConfig c, int m, int n, int k, byte[] w, byte[] x, int[] bias, int zeroPoint) {
        TilePlan plan = TilePlan.of(c, m, n, k);
        ProgramWriter p = new ProgramWriter(m * k + k * n + 64);
        List<Store> stores = new ArrayList<>();
        Counts counts = new Counts();
        emit(p, c, plan, w, 0, x, bias, 0, zeroPoint, stores, counts);
        p.end();
        byte[] bytes = p.toByteArray();
        return new Program(bytes, plan, stores, counts, c.withMaxCycles(maxCycles(c, bytes.length, (long) m * n, counts)));
    }

    /** A program with what it needs to run and unpack it. */
    public record Program(byte[] bytes, TilePlan plan, List<Store> stores, Counts counts, SimConfig config) {
        /** Scatters the results of a single-GEMM program into a row-major [m][n] matrix. */
        public int[] unpack(int[] results) {
            int[] out = new int[plan.m() * plan.n()];
            int pos = 0;
            for (Store s : stores) {
                for (int i = 0; i < s.rows(); i++) {
                    for (int j = 0; j < s.cols(); j++) out[(s.m0() + i) * plan.n() + s.n0() + j] = results[pos++];
                }
            }
            return out;
        }
    }
}
