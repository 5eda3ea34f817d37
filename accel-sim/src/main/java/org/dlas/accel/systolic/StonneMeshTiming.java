package org.dlas.accel.systolic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cycle model of STONNE's TPU-like output-stationary mesh ({@code -mn_type=OS_MESH -rn_type=TEMPORALRN
 * -mem_ctrl=TPU_OS_DENSE}) on a dense GEMM, written from how STONNE's OSMeshSDMemory, OSMeshMN /
 * MultiplierOS, TemporalRN's accumulators, CollectionBus and write FIFO behave (no code copied).
 *
 * <p>Per output tile of {@code rows_used x cols_used} (T_M x T_N, N tiles inner, clipped at the edges):
 * one configuring cycle, then one K step per cycle that queues {@code cols_used} weights (destinations
 * 0..cols_used-1) and {@code rows_used} activations (destinations ms_cols+i) into the dn_bw read ports,
 * port = destination / ((ms_rows+ms_cols)/dn_bw); each port sends one packet per cycle in queue order.
 * A multiplier fires when it holds both operands, then passes the weight down and the activation right
 * one hop per cycle; its psum goes to its own accumulator, which emits the result after K psums.
 * Accumulator {@code i*ms_cols+j} sits on collection-bus line {@code idx % rn_bw} (input
 * {@code idx / rn_bw}); each line forwards one result per cycle, round robin over its inputs from where
 * it last stopped. The memory writes ceil(n/2) of the n queued results per cycle (STONNE's
 * {@code for (i = 0; i < fifo->size(); i++) pop()} loop); the next tile configures the cycle after the
 * tile's last result is written, and the run ends on the cycle the last output is written.
 *
 * <p>The multiplier firing times are the exact solution of the mesh's per-cycle recurrence
 * (fire = max(weight from above, activation from the left, own previous fire) + hops): since every port
 * delivers a column's weight (a row's activation) at least one cycle later each K step, the last K step
 * decides each result's time, and it is the max over the column/row entry times plus the hop distance.
 * The bus lines and the write FIFO are stepped cycle by cycle.
 */
public final class StonneMeshTiming {
    private final int msRows, msCols, dnBw, rnBw, perPort, lineInputs;

    /**
     * @param numMs STONNE's num_ms (64 by default): with OS_MESH it only sizes the collection bus, whose
     *              lines take num_ms/rn_bw+1 inputs; the mesh's accumulators must fit on them
     */
    public StonneMeshTiming(int msRows, int msCols, int dnBw, int rnBw, int numMs) {
        if (!pow2(msRows) || !pow2(msCols)) throw new IllegalArgumentException("ms_rows and ms_cols must be powers of 2, got " + msRows + "x" + msCols);
        if (!pow2(dnBw) || !pow2(rnBw)) throw new IllegalArgumentException("dn_bw and rn_bw must be powers of 2, got " + dnBw + ", " + rnBw);
        if ((msRows + msCols) % dnBw != 0 || !pow2((msRows + msCols) / dnBw))
            throw new IllegalArgumentException("(ms_rows+ms_cols)/dn_bw must be a power of 2 (STONNE's distribution trees), got (" + msRows + "+" + msCols + ")/" + dnBw);
        if ((msRows * msCols - 1) / rnBw >= numMs / rnBw + 1)
            throw new IllegalArgumentException("the " + msRows * msCols + " accumulators do not fit the collection bus STONNE builds for num_ms=" + numMs + " and rn_bw=" + rnBw);
        this.msRows = msRows;
        this.msCols = msCols;
        this.dnBw = dnBw;
        this.rnBw = rnBw;
        this.perPort = (msRows + msCols) / dnBw;
        this.lineInputs = numMs / rnBw + 1;
    }

    private static boolean pow2(int v) { return v > 0 && (v & (v - 1)) == 0; }

    /** Cycles STONNE reports for an M x K times K x N GEMM with output tiles of T_M x T_N. */
    public long cycles(int m, int n, int k, int tM, int tN) {
        if (m < 1 || n < 1 || k < 1) throw new IllegalArgumentException("M, N and K must be positive");
        if (tM < 1 || tN < 1 || tM > msRows || tN > msCols)
            throw new IllegalArgumentException("tile T_M=" + tM + " T_N=" + tN + " does not fit the " + msRows + "x" + msCols + " mesh");
        int[] busNext = new int[rnBw]; // each line's round-robin pointer survives across tiles
        long configure = 1, lastWrite = 0;
        for (int mi = 0; mi < m; mi += tM) {
            for (int ni = 0; ni < n; ni += tN) {
                lastWrite = tile(configure, Math.min(tM, m - mi), Math.min(tN, n - ni), k, busNext);
                configure = lastWrite + 1;
            }
        }
        return lastWrite;
    }

    /** One output tile configured on cycle {@code start}; returns the cycle its last result is written. */
    private long tile(long start, int rows, int cols, int k, int[] busNext) {
        // packets per port per K step, and each destination's place in its port's queue within a step
        int[] perStep = new int[dnBw];
        int[] colSlot = new int[cols], rowSlot = new int[rows];
        int[] colPort = new int[cols], rowPort = new int[rows];
        for (int j = 0; j < cols; j++) { colPort[j] = j / perPort; colSlot[j] = perStep[colPort[j]]++; }
        for (int i = 0; i < rows; i++) { rowPort[i] = (msCols + i) / perPort; rowSlot[i] = perStep[rowPort[i]]++; }
        long lastStep = k - 1;
        // receive cycle of the last K step's operands: steps are queued from start+1, one per cycle, a port
        // sending n packets per step is busy n cycles per step, and a multiplier receives the cycle after a send
        // (one cycle more through a distribution tree: a port serving several multipliers, as in MAERI)
        long first = start + 2 + (perPort > 1 ? 1 : 0);
        long[] colEntry = new long[cols], rowEntry = new long[rows];
        for (int j = 0; j < cols; j++) colEntry[j] = first + lastStep * perStep[colPort[j]] + colSlot[j];
        for (int i = 0; i < rows; i++) rowEntry[i] = first + lastStep * perStep[rowPort[i]] + rowSlot[i];
        // latest entry that can reach column j (row i) by hops: max over j' <= j of entry(j') - j'
        long[] colReach = new long[cols], rowReach = new long[rows];
        long best = Long.MIN_VALUE;
        for (int j = 0; j < cols; j++) colReach[j] = best = Math.max(best, colEntry[j] - j);
        best = Long.MIN_VALUE;
        for (int i = 0; i < rows; i++) rowReach[i] = best = Math.max(best, rowEntry[i] - i);
        // each result reaches its bus line the cycle after the multiplier's last fire
        List<List<long[]>> lines = new ArrayList<>();
        for (int l = 0; l < rnBw; l++) lines.add(new ArrayList<>());
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long fire = i + j + Math.max(colReach[j], rowReach[i]);
                int acc = i * msCols + j;
                lines.get(acc % rnBw).add(new long[] {fire + 1, acc / rnBw});
            }
        }
        long[] writes = new long[rows * cols];
        int w = 0;
        for (int l = 0; l < rnBw; l++) w = serveLine(lines.get(l), l, busNext, writes, w);
        return drainWrites(writes);
    }

    /** A bus line forwarding one result per cycle, round robin from its pointer; fills memory arrival cycles. */
    private int serveLine(List<long[]> arrivals, int line, int[] busNext, long[] writes, int w) {
        if (arrivals.isEmpty()) return w;
        arrivals.sort((a, b) -> Long.compare(a[0], b[0]));
        int inputs = lineInputs;
        long[] waiting = new long[inputs]; // arrival cycle of the result waiting at each input, -1 if none
        Arrays.fill(waiting, -1);
        int next = 0, pending = 0;
        long cycle = arrivals.get(0)[0];
        while (next < arrivals.size() || pending > 0) {
            if (pending == 0) cycle = Math.max(cycle, arrivals.get(next)[0]);
            while (next < arrivals.size() && arrivals.get(next)[0] <= cycle) {
                waiting[(int) arrivals.get(next)[1]] = cycle;
                next++;
                pending++;
            }
            int ptr = busNext[line];
            for (int step = 0; step < inputs; step++) {
                int in = (ptr + step) % inputs;
                if (waiting[in] >= 0) {
                    waiting[in] = -1;
                    pending--;
                    writes[w++] = cycle + 1; // in the memory's write FIFO the next cycle
                    busNext[line] = (in + 1) % inputs;
                    break;
                }
            }
            cycle++;
        }
        return w;
    }

    /** STONNE's write loop: ceil(n/2) of the n queued results per cycle; returns the cycle of the last write. */
    private static long drainWrites(long[] arrivals) {
        Arrays.sort(arrivals);
        int next = 0;
        long queued = 0, cycle = arrivals[0], written = 0;
        while (written < arrivals.length) {
            while (next < arrivals.length && arrivals[next] <= cycle) { queued++; next++; }
            long now = (queued + 1) / 2;
            queued -= now;
            written += now;
            if (written == arrivals.length) return cycle;
            cycle = queued == 0 && next < arrivals.length ? arrivals[next] : cycle + 1;
        }
        return cycle;
    }
}
