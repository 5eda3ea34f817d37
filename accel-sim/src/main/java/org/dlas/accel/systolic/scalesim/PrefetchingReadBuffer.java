package org.dlas.accel.systolic.scalesim;

/**
 * A double-buffered read SRAM fed at a fixed DRAM bandwidth (SCALE-Sim's USER mode). The operand's
 * words, in prefetch order, are grouped into 101 or so lines of {@code ceil(words/100)} words; the
 * active half of the SRAM holds a window of consecutive lines and the other half the lines after it.
 * A request for a word outside the active window slides the window by the prefetch half and issues
 * the next prefetch, which takes {@code ceil(half / bandwidth) + 1} cycles after the previous one
 * completed: when it completes after the word was needed, the array stalls for the difference. The
 * first active half is fetched before cycle 0.
 */
final class PrefetchingReadBuffer implements ReadBuffer {
    private final int bandwidth, activeWords, prefetchWords, fetchRows;
    private final int numLines, activeLines, prefetchLines;
    private final int minAddr;
    private final int[] lineStart, lineIds; // CSR: lines holding each address (address - minAddr)
    private int windowStart, windowEnd;
    private boolean started;
    private long lastPrefetchCycle, reads, startCycle, stopCycle;

    PrefetchingReadBuffer(int totalWords, int bandwidth, int[] prefetchOrder) {
        this.bandwidth = bandwidth;
        activeWords = (totalWords + 1) / 2;
        prefetchWords = totalWords - activeWords;
        fetchRows = (prefetchOrder.length + bandwidth - 1) / bandwidth;
        int perLine = (totalWords + 99) / 100;
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE, valid = 0;
        for (int x : prefetchOrder) if (x != -1) { lo = Math.min(lo, x); hi = Math.max(hi, x); valid++; }
        if (valid == 0) { lo = 0; hi = 0; }
        minAddr = lo;
        numLines = valid / perLine + 1; // the last (possibly empty) line counts
        int[] count = new int[hi - lo + 2];
        int[] lineOf = new int[valid];
        int v = 0;
        for (int x : prefetchOrder) if (x != -1) { lineOf[v] = v / perLine; count[x - lo + 1]++; v++; }
        lineStart = new int[hi - lo + 2];
        for (int i = 1; i < count.length; i++) lineStart[i] = lineStart[i - 1] + count[i];
        int[] fill = lineStart.clone();
        lineIds = new int[valid];
        v = 0;
        for (int x : prefetchOrder) if (x != -1) { lineIds[fill[x - lo]++] = lineOf[v++]; }
        int maxActive = ceil(activeWords, perLine), maxPrefetch = ceil(prefetchWords, perLine);
        activeLines = Math.min(numLines, maxActive);
        prefetchLines = Math.min(numLines - activeLines, maxPrefetch);
    }

    @Override public long serve(int[] addrs, int n, long cycle) {
        if (!started) fillActiveHalf(cycle);
        long offset = 1;
        for (int i = 0; i < n; i++) {
            int addr = addrs[i];
            if (addr == -1) continue;
            int slides = 0;
            while (!inWindow(addr)) {
                if (++slides > numLines + 1) throw new IllegalStateException("word " + addr + " is not in the prefetch order");
                slide();
                offset = Math.max(offset, lastPrefetchCycle - cycle);
            }
        }
        return cycle + offset;
    }

    private void fillActiveHalf(long cycle) {
        int lines = Math.min(ceil(activeWords, bandwidth), fetchRows);
        reads += (long) lines * bandwidth;
        startCycle = cycle - lines;
        lastPrefetchCycle = cycle - 1;
        stopCycle = lastPrefetchCycle;
        windowStart = 0;
        windowEnd = activeLines;
        started = true;
    }

    private void slide() {
        windowStart = (windowStart + prefetchLines) % numLines;
        windowEnd = (windowStart + activeLines) % numLines;
        int lines = ceil(prefetchWords, bandwidth);
        reads += (long) lines * bandwidth;
        lastPrefetchCycle += lines + 1;
        stopCycle = lastPrefetchCycle;
    }

    private boolean inWindow(int addr) {
        int a = addr - minAddr;
        if (a < 0 || a + 1 >= lineStart.length) return false;
        for (int i = lineStart[a]; i < lineStart[a + 1]; i++) {
            int line = lineIds[i];
            if (windowStart < windowEnd ? line >= windowStart && line < windowEnd : line >= windowStart || line < windowEnd) return true;
        }
        return false;
    }

    @Override public long dramReads() { return reads; }
    @Override public long dramStartCycle() { return startCycle; }
    @Override public long dramStopCycle() { return stopCycle; }

    static int ceil(int a, int b) { return (a + b - 1) / b; }
}
