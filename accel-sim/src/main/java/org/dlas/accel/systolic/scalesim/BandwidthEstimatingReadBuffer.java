package org.dlas.accel.systolic.scalesim;

import java.util.ArrayList;
import java.util.List;

/**
 * A read SRAM whose DRAM interface is as fast as needed (SCALE-Sim's CALC mode): requests never
 * stall; the buffer records what it would have fetched and when. Distinct words are grouped into
 * sets of {@code floor(words/100)} in first-use order; the active half holds 50 sets. When the sets
 * in use pass the active half, the next 50 sets are prefetched, spread over the cycles since the
 * previous prefetch (the first one over the cycles before the first request at the default
 * bandwidth), and the oldest 50 sets are dropped.
 */
final class BandwidthEstimatingReadBuffer implements ReadBuffer {
    private static final int ACTIVE_SETS = 50, PREFETCH_SETS = 50;
    private final int perSet, defaultBandwidth;
    private final int minAddr;
    private final int[] lastSet; // the newest set holding each word (address - minAddr), -1 for none
    private final List<Integer> setSizes = new ArrayList<>();
    private int currentSetId, currentSetSize, readStart, readEnd = ACTIVE_SETS - 1, prefetchStart = -1, prefetchEnd = -1;
    private int activeSetsToFetch = ACTIVE_SETS;
    private long lastStart = -2, lastEnd = -1, firstRequestCycle;
    private boolean firstSeen, activeDone, traced;
    private long reads, startCycle, stopCycle;

    /** {@code words} lists every word the operand has (its prefetch order; -1 entries ignored). */
    BandwidthEstimatingReadBuffer(int totalWords, int defaultBandwidth, int[] words) {
        perSet = totalWords / 100;
        this.defaultBandwidth = defaultBandwidth;
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (int x : words) if (x != -1) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        if (lo > hi) { lo = 0; hi = -1; }
        minAddr = lo;
        lastSet = new int[hi - lo + 1];
        java.util.Arrays.fill(lastSet, -1);
    }

    @Override public long serve(int[] addrs, int n, long cycle) {
        if (!firstSeen) {
            for (int i = 0; i < n; i++) if (addrs[i] > -1) { firstRequestCycle = cycle; firstSeen = true; break; }
        }
        for (int i = 0; i < n; i++) if (addrs[i] != -1) use(cycle, addrs[i]);
        return cycle + 1;
    }

    private void use(long cycle, int addr) {
        int s = lastSet[addr - minAddr];
        if (s != -1 && s >= readStart && s < Math.min(currentSetId, readEnd + 1)) return; // hit
        if (s != -1 && s == currentSetId) return;
        lastSet[addr - minAddr] = currentSetId;
        if (++currentSetSize < perSet) return;
        setSizes.add(currentSetSize);
        currentSetSize = 0;
        currentSetId++;
        if (currentSetId != readEnd + 1) return;
        if (!activeDone) {
            lastEnd = firstRequestCycle - 2;
            lastStart = lastEnd - ceil((long) PREFETCH_SETS * perSet, defaultBandwidth) + 1;
            prefetch(0, activeSetsToFetch - 1);
            prefetchStart = readEnd + 1;
            prefetchEnd = prefetchStart + PREFETCH_SETS - 1;
            activeDone = true;
        } else {
            prefetch(prefetchStart, prefetchEnd);
            prefetchStart += PREFETCH_SETS;
            prefetchEnd += PREFETCH_SETS;
        }
        readStart += PREFETCH_SETS;
        readEnd += PREFETCH_SETS;
        lastStart = lastEnd + 1;
        lastEnd = cycle;
    }

    /** Fetches sets [from, to] over the cycles [lastStart, lastEnd] (one cycle of port latency). */
    private void prefetch(int from, int to) {
        for (int i = from; i <= to && i < setSizes.size(); i++) reads += setSizes.get(i);
        long rows = lastEnd - lastStart + 1;
        if (!traced) { startCycle = lastStart + 1; traced = true; }
        if (rows > 0) stopCycle = lastEnd + 1;
    }

    @Override public void finish() {
        if (currentSetSize > 0) setSizes.add(currentSetSize);
        else currentSetId--;
        if (!activeDone) {
            lastEnd = -2;
            activeSetsToFetch = currentSetId + 1;
            lastStart = lastEnd - ceil((long) activeSetsToFetch * perSet, defaultBandwidth) + 1;
            prefetch(0, activeSetsToFetch - 1);
            activeDone = true;
        } else {
            prefetchEnd = currentSetId;
            prefetch(prefetchStart, prefetchEnd);
        }
    }

    @Override public long dramReads() { return reads; }
    @Override public long dramStartCycle() { return startCycle; }
    @Override public long dramStopCycle() { return stopCycle; }

    private static long ceil(long a, long b) { return (a + b - 1) / b; }
}
