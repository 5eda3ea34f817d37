package org.dlas.accel.systolic.scalesim;

import java.util.ArrayList;
import java.util.List;

/**
 * The double-buffered ofmap SRAM (SCALE-Sim's write buffer). Outputs are packed into DRAM lines of
 * {@code bandwidth} words. As soon as the active half is full and no drain is under way, the lines
 * written so far (the last one possibly partial) start draining, one line per cycle, at most a
 * drain half's worth of lines. A write that finds the SRAM full while a drain is under way stalls
 * the array until the drain ends. At the end of the layer the remaining lines drain back to back.
 * As in SCALE-Sim, a drain frees {@code lines x bandwidth} words less the empty slots of its last
 * line only.
 */
final class DrainingWriteBuffer {
    private final int totalWords, activeWords, drainWords, bandwidth;
    private final List<Integer> lineWords = new ArrayList<>(); // words in each closed line
    private int openLineWords, drainedLines;
    private long freeSpace, drainEndCycle, writes, startCycle, stopCycle;
    private boolean drained;

    DrainingWriteBuffer(int totalWords, int bandwidth) {
        this.totalWords = totalWords;
        activeWords = (totalWords + 1) / 2;
        drainWords = totalWords - activeWords;
        this.bandwidth = bandwidth;
        freeSpace = totalWords;
    }

    /** Writes {@code addrs[0..n)} (-1: idle) in {@code cycle}; returns the cycle the writes complete. */
    long write(int[] addrs, int n, long cycle) {
        long current = cycle;
        for (int i = 0; i < n; i++) {
            if (addrs[i] == -1) continue;
            if (++openLineWords == bandwidth) closeLine();
            freeSpace--;
            if (current < drainEndCycle) {
                if (freeSpace <= 0) current = drainEndCycle;
            } else if (freeSpace < totalWords - drainWords) {
                closeLine();
                drainEndCycle = drain(current);
            }
        }
        return current;
    }

    private void closeLine() {
        if (openLineWords == 0) return;
        lineWords.add(openLineWords);
        openLineWords = 0;
    }

    private long drain(long from) {
        int lines = Math.min(PrefetchingReadBuffer.ceil(drainWords, bandwidth), lineWords.size() - drainedLines);
        if (lines <= 0) return from - 1;
        int last = drainedLines + lines - 1;
        long words = (long) lines * bandwidth - (bandwidth - lineWords.get(last));
        writes += words;
        if (!drained) { startCycle = from; drained = true; }
        stopCycle = from + lines - 1;
        freeSpace += words;
        drainedLines += lines;
        return stopCycle;
    }

    /** Drains everything left, starting in {@code cycle}. */
    void flush(long cycle) {
        closeLine();
        while (drainedLines < lineWords.size()) {
            drainEndCycle = drain(cycle);
            cycle = drainEndCycle + 1;
        }
    }

    long dramWrites() { return writes; }
    long dramStartCycle() { return startCycle; }
    long dramStopCycle() { return stopCycle; }
}
