package org.dlas.accel.systolic.scalesim;

import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicAnalytical;

/**
 * The order in which a systolic array asks its three SRAMs for words, fold by fold and cycle by
 * cycle, as SCALE-Sim v2 schedules it. The GEMM maps to spatial rows S_R, spatial columns S_C and a
 * temporal length T ({@link Dataflow}); folds of at most R x C go column fold outer, row fold inner,
 * and each fold takes the same number of cycles whatever part of the array it uses:
 * <ul>
 *   <li>OS: {@code T + R + C - 2}: operands stream in skewed for T cycles and the outputs leave the
 *       bottom edge skewed while the next fold already streams (no separate drain);</li>
 *   <li>WS/IS: {@code 2R + C + T - 2}: R cycles load the stationary operand, then the streamed
 *       operand enters skewed for T cycles and partial sums leave after R + C - 2 more.</li>
 * </ul>
 * {@code ifmap/filter/ofmap(fold, cycle, port)} give the word a port of the array asks for in that
 * cycle of the fold, or -1; ports are array rows or columns, as the operand enters.
 */
final class FoldSchedule {
    final Dataflow df;
    final int r, c, sr, sc, t, rowFolds, colFolds, foldCycles;
    final OperandAddresses a;

    FoldSchedule(ScaleSimConfig cfg, OperandAddresses a) {
        this.df = cfg.dataflow();
        this.a = a;
        r = cfg.rows();
        c = cfg.cols();
        sr = df == Dataflow.OS ? a.pixels : a.window;
        sc = df == Dataflow.IS ? a.pixels : a.filters;
        t = switch (df) { case OS -> a.window; case WS -> a.pixels; case IS -> a.filters; };
        rowFolds = (sr + r - 1) / r;
        colFolds = (sc + c - 1) / c;
        foldCycles = (int) SystolicAnalytical.foldCycles(df, r, c, t);
    }

    int folds() { return rowFolds * colFolds; }

    int ifmapPorts() { return df == Dataflow.IS ? c : r; }
    int filterPorts() { return df == Dataflow.IS ? r : c; }
    int ofmapPorts() { return c; }

    /** Ifmap word of port {@code p} in cycle {@code y} of fold (fr, fc). */
    int ifmap(int fr, int fc, int y, int p) {
        switch (df) {
            case OS: { // A^T streamed along rows, skewed by row
                int b = y - p, px = fr * r + p;
                return b >= 0 && b < t && px < sr ? a.ifmap(px, b) : -1;
            }
            case WS: { // A streamed after R idle cycles, skewed by row
                int b = y - p - r, k = fr * r + p;
                return b >= 0 && b < t && k < sr ? a.ifmap(b, k) : -1;
            }
            default: { // IS: the fold's A^T block loaded bottom row first
                if (y >= r) return -1;
                int k = fr * r + r - 1 - y, px = fc * c + p;
                return k < sr && px < sc ? a.ifmap(px, k) : -1;
            }
        }
    }

    int filter(int fr, int fc, int y, int p) {
        switch (df) {
            case OS: {
                int b = y - p, n = fc * c + p;
                return b >= 0 && b < t && n < sc ? a.filter(b, n) : -1;
            }
            case WS: { // the fold's B block loaded bottom row first
                if (y >= r) return -1;
                int k = fr * r + r - 1 - y, n = fc * c + p;
                return k < sr && n < sc ? a.filter(k, n) : -1;
            }
            default: { // IS: B^T streamed after R idle cycles, skewed by row
                int b = y - p - r, k = fr * r + p;
                return b >= 0 && b < t && k < sr ? a.filter(k, b) : -1;
            }
        }
    }

    int ofmap(int fr, int fc, int y, int p) {
        int b = y - p;
        if (df == Dataflow.OS) { // after T-1 cycles the fold's rows leave bottom row first, skewed by column
            int rr = b - (t - 1);
            if (rr < 0 || rr >= r) return -1;
            int px = fr * r + r - 1 - rr, n = fc * c + p;
            return px < sr && n < sc ? a.ofmap(px, n) : -1;
        }
        int tt = b - (2 * r - 1), col = fc * c + p; // WS/IS: one output row per streamed step after 2R-1 cycles
        if (tt < 0 || tt >= t || col >= sc) return -1;
        return df == Dataflow.WS ? a.ofmap(tt, col) : a.ofmap(col, tt);
    }

    /**
     * The words each read SRAM prefetches from DRAM, in order (SCALE-Sim's prefetch matrix, one
     * block per fold of the operand, read along anti-diagonals where the demand is skewed so that
     * words arrive in the order they are used); {@code -1} marks an unused slot.
     */
    int[] ifmapPrefetch() {
        return switch (df) {
            case OS -> blocks(rowFolds, t, r, true, (f, y, p) -> f * r + p < sr ? a.ifmap(f * r + p, y) : -1);
            case WS -> blocks(rowFolds, t, r, true, (f, y, p) -> f * r + p < sr ? a.ifmap(y, f * r + p) : -1);
            case IS -> blocks(colFolds, sr, c, false, (f, y, p) -> f * c + p < sc ? a.ifmap(f * c + p, y) : -1);
        };
    }

    int[] filterPrefetch() {
        return switch (df) {
            case OS -> blocks(colFolds, t, c, true, (f, y, p) -> f * c + p < sc ? a.filter(y, f * c + p) : -1);
            case WS -> blocks(colFolds, sr, c, false, (f, y, p) -> f * c + p < sc ? a.filter(y, f * c + p) : -1);
            case IS -> blocks(rowFolds, t, r, true, (f, y, p) -> f * r + p < sr ? a.filter(f * r + p, y) : -1);
        };
    }

    private interface Cell { int at(int fold, int row, int col); }

    /** {@code folds} blocks of {@code rows x cols} stacked; read row-major or along anti-diagonals. */
    private static int[] blocks(int folds, int rows, int cols, boolean diagonal, Cell cell) {
        int m = folds * rows;
        int[] out = new int[m * cols];
        int i = 0;
        if (!diagonal) {
            for (int y = 0; y < m; y++) for (int p = 0; p < cols; p++) out[i++] = cell.at(y / rows, y % rows, p);
            return out;
        }
        for (int d = 0; d < m + cols - 1; d++) {
            for (int y = Math.min(d, m - 1); y >= Math.max(0, d - cols + 1); y--) {
                int p = d - y;
                out[i++] = cell.at(y / rows, y % rows, p);
            }
        }
        return out;
    }

    // ---- report figures ----------------------------------------------------------------------

    /** SRAM words read/written as SCALE-Sim counts them (fold operand blocks before padding). */
    long ifmapSramReads() {
        long n = 0;
        for (int fc = 0; fc < colFolds; fc++) for (int fr = 0; fr < rowFolds; fr++)
            n += df == Dataflow.IS ? (long) used(fr, sr, r) * used(fc, sc, c) : (long) t * used(fr, sr, r);
        return n;
    }

    long filterSramReads() {
        long n = 0;
        for (int fc = 0; fc < colFolds; fc++) for (int fr = 0; fr < rowFolds; fr++)
            n += switch (df) {
                case OS -> (long) t * used(fc, sc, c);
                case WS -> (long) used(fr, sr, r) * used(fc, sc, c);
                case IS -> (long) t * used(fr, sr, r);
            };
        return n;
    }

    long ofmapSramWrites() {
        long n = 0;
        for (int fc = 0; fc < colFolds; fc++) for (int fr = 0; fr < rowFolds; fr++)
            // OS: SCALE-Sim also adds R + C per fold (the padded fold's dimensions)
            n += df == Dataflow.OS ? (long) used(fr, sr, r) * used(fc, sc, c) + r + c : (long) t * used(fc, sc, c);
        return n;
    }

    double mappingEfficiency() {
        double s = 0;
        for (int fc = 0; fc < colFolds; fc++) for (int fr = 0; fr < rowFolds; fr++)
            s += (double) used(fr, sr, r) * used(fc, sc, c) / ((double) r * c);
        return s / folds();
    }

    double computeUtilisation() {
        long cyc = df == Dataflow.OS ? t + r + c - 2 : 2L * r + 2L * c + t - 3; // SCALE-Sim's per-fold figure
        double s = 0;
        for (int fc = 0; fc < colFolds; fc++) for (int fr = 0; fr < rowFolds; fr++)
            s += (double) used(fr, sr, r) * used(fc, sc, c) * t / ((double) r * c * cyc);
        return s / folds();
    }

    private static int used(int fold, int total, int size) { return Math.min(size, total - fold * size); }
}
