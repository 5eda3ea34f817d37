package org.dlas.accel.sigma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlas.accel.maeri.StonneMaeriTiming;

/**
 * Cycle count of a sparse GEMM on SIGMA as STONNE's SparseGEMM controller (SIGMA_SPARSE_GEMM) runs
 * it, modelled from reading STONNE's SparseSDMemory (no code taken). One operand is stationary: its
 * vectors (rows of MK, or columns of KN) are packed nonzero by nonzero onto consecutive multipliers,
 * whole vectors while they fit (one virtual neuron, VN, each); a vector longer than the multipliers
 * is folded, the later folds spending one multiplier on the partial sum read back from memory. Per
 * stationary fill: one cycle configuring, one cycle queueing the nonzeros (unicast) into the read
 * ports, then one streaming vector per cycle: for every K index that some mapped nonzero needs, a
 * packet into each read port whose block of num_ms/dn_bw multipliers it reaches (streaming zeros
 * are sent too, so streaming sparsity does not matter). Each port sends one packet per cycle,
 * partial sums first. A VN's result for a streaming vector leaves the adder tree
 * {@code ceil(log2(size))} levels after its last operand, crosses the collection bus (one result a
 * cycle per line; the VN's line is that of the adder that sends it to memory, found with STONNE's
 * rules for sparse VNs, {@link #memoryAdder}) into the write FIFO, which STONNE drains ceil(n/2)
 * entries a cycle (its loop pops while the index is below a shrinking size). The next fill starts once every result is written.
 */
public final class StonneSigmaTiming {
    /** STONNE's SIGMA dataflows: which operand stays on the multipliers. */
    public enum Dataflow { MK_STA_KN_STR, MK_STR_KN_STA }

    /** Cycles from a packet leaving its port to the VN's result entering the adder tree. */
    static final int PIPE = 2;
    /** Cycles STONNE counts beyond the fills (start and drain of the run). */
    static final int RUN = 1;

    private final int numMs, rnBw, msPerPort;

    public StonneSigmaTiming(int numMs, int dnBw, int rnBw) {
        if (numMs < 2 || dnBw < 1 || rnBw < 1) throw new IllegalArgumentException("num_ms >= 2, dn_bw >= 1 and rn_bw >= 1 required");
        this.numMs = numMs;
        this.rnBw = rnBw;
        this.msPerPort = Math.max(1, numMs / Math.min(dnBw, numMs));
    }

    /** Cycles for C(M x N) = MK(M x K) x KN(K x N), both row-major dense with zeros where sparse. */
    public long cycles(float[] mk, float[] kn, int m, int n, int k, Dataflow dataflow) {
        boolean mkSta = dataflow == Dataflow.MK_STA_KN_STR;
        int dimSta = mkSta ? m : n;
        boolean[] sta = new boolean[dimSta * k]; // sta[i * k + j]: nonzero j of stationary vector i
        for (int i = 0; i < dimSta; i++)
            for (int j = 0; j < k; j++) sta[i * k + j] = (mkSta ? mk[i * k + j] : kn[j * n + i]) != 0;
        return cycles(sta, dimSta, mkSta ? n : m, k);
    }

    /**
     * Cycles with {@code dimSta} stationary vectors of length {@code k} ({@code sta[i * k + j]} true
     * where element j of vector i is nonzero) and {@code dimStr} streaming vectors, whose own zeros
     * do not matter.
     */
    public long cycles(boolean[] sta, int dimSta, int dimStr, int k) {
        sta = withMinimumThree(sta, dimSta, k);
        int[] dest = new int[dimSta * k];
        long total = RUN;
        int row = 0, curJ = 0;
        while (row < dimSta) {
            Fill f = configure(sta, dest, row, curJ, dimSta, k);
            total += f.cycles(sta, dest, row, curJ, dimStr, k);
            if (f.sizes.size() == 1) { // one VN: maybe a fold of a long vector
                curJ = f.lastJ;
                if (curJ == k) { row++; curJ = 0; }
            } else {
                row += f.sizes.size();
                curJ = 0;
            }
        }
        return total;
    }

    /** One stationary fill: the VNs' sizes (the partial-sum multiplier included) and the K range streamed. */
    private final class Fill {
        final List<Integer> sizes = new ArrayList<>();
        int lastJ;

        long cycles(boolean[] sta, int[] dest, int row, int curJ, int dimStr, int k) {
            int nVn = sizes.size();
            int[] vnOfMs = new int[numMs];
            Arrays.fill(vnOfMs, -1);
            int ms = 0;
            for (int v = 0; v < nVn; v++) for (int s = 0; s < sizes.get(v); s++) vnOfMs[ms++] = v;
            int ports = (numMs + msPerPort - 1) / msPerPort;
            // packets per port: its nonzeros (generated in cycle 1), then per streaming vector s (cycle 2 + s)
            // one packet per K index reaching it; the same count for every vector
            boolean psum = curJ > 0;
            int[] weights = new int[ports], perVector = new int[ports];
            for (int d = psum ? 1 : 0; d < ms; d++) weights[d / msPerPort]++;
            for (int j = curJ; j < lastJ; j++) {
                int lastPort = -1;
                for (int i = row; i < row + nVn && i < sta.length / k; i++) {
                    if (!sta[i * k + j]) continue;
                    int p = dest[i * k + j] / msPerPort;
                    if (p != lastPort) perVector[p]++; // destinations rise with the row: one packet per port reached
                    lastPort = p;
                }
            }
            long[][] ready = new long[nVn][dimStr];
            for (int p = 0; p < ports; p++) {
                if (psum && p == 0) { replayWithPsums(ready, vnOfMs, weights[0], perVector[0], dimStr); continue; }
                long t = weights[p] > 0 ? 1 + weights[p] : 0; // next free cycle of the port
                if (perVector[p] == 0) continue;
                for (int sv = 0; sv < dimStr; sv++) {
                    long lastSend = Math.max(t, 2 + sv) + perVector[p] - 1;
                    markReady(ready, vnOfMs, p, sv, lastSend);
                    t = lastSend + 1;
                }
            }
            // results through the adder tree, one a cycle per collection-bus line, ceil(n/2) written per cycle
            // results in the order they leave the tree (ties: lower VN first), each line taking one a cycle
            long[] order = new long[nVn * dimStr];
            int[] lineOf = new int[nVn];
            int a = 0, first = 0;
            for (int v = 0; v < nVn; v++) {
                int size = sizes.get(v), levels = 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1));
                int[] adder = memoryAdder(numMs, first, Math.max(1, size));
                int span = numMs >> adder[0];
                lineOf[v] = StonneMaeriTiming.busLine(numMs, rnBw, adder[1] * span, adder[1] * span + span - 1);
                first += size;
                for (int s = 0; s < dimStr; s++) order[a++] = (ready[v][s] + PIPE + levels) * nVn + v;
            }
            Arrays.sort(order);
            long[] arrive = new long[order.length], lineFree = new long[rnBw];
            for (int i = 0; i < order.length; i++) {
                int line = lineOf[(int) (order[i] % nVn)];
                long t = Math.max(order[i] / nVn, lineFree[line]);
                lineFree[line] = t + 1;
                arrive[i] = t;
            }
            Arrays.sort(arrive);
            long t = arrive[0], last = 0;
            int next = 0, fifo = 0;
            while (next < arrive.length || fifo > 0) {
                while (next < arrive.length && arrive[next] <= t) { next++; fifo++; }
                if (fifo > 0) { fifo -= (fifo + 1) / 2; last = t; }
                t = fifo == 0 && next < arrive.length ? Math.max(t + 1, arrive[next]) : t + 1;
            }
            return Math.max(last, 1 + dimStr) + 1;
        }

        /**
         * Port 0 of a later fold also carries each vector's partial sum (generated with the vector),
         * which STONNE sends before any queued nonzero or input: replayed packet by packet.
         */
        private void replayWithPsums(long[][] ready, int[] vnOfMs, int weights, int perVector, int dimStr) {
            long inputs = weights + (long) perVector * dimStr, t = 0;
            int psums = 0;
            long q = 0; // next nonzero/input packet
            while (psums < dimStr || q < inputs) {
                long inGen = q < weights ? 1 : q < inputs ? 2 + (q - weights) / perVector : Long.MAX_VALUE;
                if (psums < dimStr && 2 + psums <= Math.max(t, inGen)) {
                    t = Math.max(t, 2 + psums);
                    markReady(ready, vnOfMs, 0, psums++, t);
                } else {
                    t = Math.max(t, inGen);
                    if (q >= weights) markReady(ready, vnOfMs, 0, (int) ((q - weights) / perVector), t);
                    q++;
                }
                t++;
            }
        }

        /** The packet reaches every multiplier of its port that maps its K index; VNs there wait for it. */
        private void markReady(long[][] ready, int[] vnOfMs, int p, int s, long t) {
            for (int d = p * msPerPort; d < Math.min(numMs, (p + 1) * msPerPort); d++) {
                int v = vnOfMs[d];
                if (v >= 0 && ready[v][s] < t) ready[v][s] = t;
            }
        }
    }

    /**
     * The adder that sends a VN's result to memory, as STONNE's reduction-tree compiler sets it (the
     * same rule for dense VNs, MAERI's, and sparse ones): level by level from the leaves, the enabled nodes of the VN move to their
     * parents; a forwarding-linked pair (odd node and the next) joins the VN's two halves into the
     * side with the longer run of enabled children when nothing else is enabled two nodes further
     * out; the result leaves at the first level where one node remains. Returns {level, index}.
     */
    public static int[] memoryAdder(int numMs, int first, int size) {
        return memoryAdder(numMs, first, size, -1, 1);
    }

    /** As above, also returning the cycles from multiplier {@code source} to that adder: a level a cycle, {@code fwCost} per forwarding hop. */
    public static int[] memoryAdder(int numMs, int first, int size, int source, int fwCost) {
        final int none = Integer.MIN_VALUE / 4;
        boolean[] bits = new boolean[numMs + 8], parent = new boolean[numMs + 8];
        int[] time = new int[numMs + 8], ptime = new int[numMs + 8];
        Arrays.fill(time, none);
        if (source >= 0) time[source] = 0;
        for (int i = first; i < first + size && i < numMs; i++) bits[i] = true;
        int levels = Integer.numberOfTrailingZeros(numMs);
        for (int l = levels - 1, adders = numMs / 2; l >= 0; l--, adders /= 2) {
            Arrays.fill(parent, false);
            for (int as = 0; as < adders; as++) {
                int c = 2 * as;
                if (as == 0 || as == adders - 1) {
                    parent[as] = bits[c] || bits[c + 1];
                    ptime[as] = 1 + Math.max(time[c], time[c + 1]);
                } else if (as % 2 == 1) {
                    int last = c + 1, left = 0, right = 0;
                    int ownLeft = 1 + Math.max(time[c], time[c + 1]), ownRight = 1 + Math.max(time[c + 2], time[c + 3]);
                    ptime[as] = ownLeft;
                    ptime[as + 1] = ownRight;
                    for (int s = bits[last] ? last : c; s >= 0 && bits[s]; s--) left++;
                    for (int s = bits[last + 1] ? last + 1 : last + 2; s < numMs && bits[s]; s++) right++;
                    if (left == 0 || right == 0) {
                        parent[as] = left > 0;
                        parent[as + 1] = right > 0;
                    } else if (left >= right) {
                        if (bits[last + 3] || bits[last + 4]) { parent[as] = true; parent[as + 1] = true; }
                        else { Arrays.fill(bits, c + 2, numMs, false); parent[as] = true; ptime[as] = Math.max(ownLeft, ownRight + fwCost); }
                    } else {
                        if (bits[last - 2] || (last >= 3 && bits[last - 3])) { parent[as] = true; parent[as + 1] = true; }
                        else { Arrays.fill(bits, 0, c + 2, false); parent[as + 1] = true; ptime[as + 1] = Math.max(ownRight, ownLeft + fwCost); }
                    }
                }
            }
            int enabled = 0, at = 0;
            for (int s = 0; s < adders; s++) if (parent[s]) { enabled++; at = s; }
            if (enabled == 1) return new int[] {l, at, Math.max(0, ptime[at])};
            for (int x = 0; x < adders; x++) if (!parent[x]) ptime[x] = none;
            System.arraycopy(parent, 0, bits, 0, bits.length);
            System.arraycopy(ptime, 0, time, 0, time.length);
        }
        return new int[] {0, 0, levels};
    }

    /**
     * STONNE's bitmap generator marks the first zero positions of a stationary vector with fewer
     * than three nonzeros as nonzero until it has three (sparse VNs have at least three multipliers).
     */
    static boolean[] withMinimumThree(boolean[] sta, int dimSta, int k) {
        boolean[] b = sta.clone();
        for (int i = 0; i < dimSta; i++) {
            int nz = 0;
            for (int j = 0; j < k; j++) if (b[i * k + j]) nz++;
            for (int j = 0; j < k && nz < 3; j++) if (!b[i * k + j]) { b[i * k + j] = true; nz++; }
        }
        return b;
    }

    /** STONNE's configuration step: map nonzeros of the stationary vectors from {@code row}, {@code curJ} onto multipliers. */
    private Fill configure(boolean[] sta, int[] dest, int row, int curJ, int dimSta, int k) {
        Fill f = new Fill();
        int i = row, j = 0, ms = 0, cluster = 0;
        if (curJ > 0) { // later fold of a long vector: multiplier 0 takes the partial sum
            ms = 1;
            j = curJ;
            while (ms < numMs && j < k) {
                if (sta[i * k + j]) { dest[i * k + j] = ms++; cluster++; }
                j++;
            }
            f.sizes.add(cluster + 1);
            f.lastJ = remaining(sta, i, j, k) > 0 ? j : k;
            return f;
        }
        while (ms < numMs && i < dimSta) {
            if (sta[i * k + j]) { dest[i * k + j] = ms++; cluster++; }
            if (++j == k) {
                j = 0;
                i++;
                if (cluster > 0) { f.sizes.add(cluster); cluster = 0; }
            }
        }
        if (!f.sizes.isEmpty() && j < k && i < dimSta && remaining(sta, i, j, k) == 0 && cluster > 0) f.sizes.add(cluster);
        if (f.sizes.isEmpty()) { // the first fold of a vector longer than the multipliers
            f.sizes.add(cluster);
            f.lastJ = i < dimSta && remaining(sta, i, j, k) > 0 ? j : k;
        } else {
            f.lastJ = k;
        }
        return f;
    }

    private static int remaining(boolean[] sta, int i, int j, int k) {
        int r = 0;
        for (; j < k; j++) if (sta[i * k + j]) r++;
        return r;
    }
}
