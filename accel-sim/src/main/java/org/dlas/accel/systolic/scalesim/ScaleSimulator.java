package org.dlas.accel.systolic.scalesim;

import java.util.ArrayList;
import java.util.List;

/**
 * SCALE-Sim v2's systolic array and memory system, one layer at a time (each layer starts with
 * empty SRAMs). Cycle by cycle of every fold, the array asks the ifmap and filter SRAMs for the
 * words it consumes and writes the outputs it produces into the ofmap SRAM ({@link FoldSchedule});
 * a request the SRAMs cannot serve in time stalls the whole array, and the stalls of a cycle are the
 * largest of the three buffers'. The layer ends when the last fold's last output is written; the
 * ofmap SRAM drains to DRAM after that (reported, not counted).
 */
public final class ScaleSimulator {
    private ScaleSimulator() { }

    public static ScaleSimReport run(ScaleSimConfig cfg, ScaleSimLayer layer) {
        OperandAddresses addrs = new OperandAddresses(layer, cfg);
        FoldSchedule s = new FoldSchedule(cfg, addrs);
        int ifWords = cfg.words(cfg.ifmapKb()), filtWords = cfg.words(cfg.filterKb()), ofWords = cfg.words(cfg.ofmapKb());
        ReadBuffer ifmap, filter;
        DrainingWriteBuffer ofmap;
        if (cfg.userBandwidth()) {
            ifmap = new PrefetchingReadBuffer(ifWords, cfg.ifmapBandwidth(), s.ifmapPrefetch());
            filter = new PrefetchingReadBuffer(filtWords, cfg.filterBandwidth(), s.filterPrefetch());
            ofmap = new DrainingWriteBuffer(ofWords, cfg.ofmapBandwidth());
        } else { // CALC: reads never stall, 10 words per cycle as the first fetch's rate; outputs drain one row per cycle
            ifmap = new BandwidthEstimatingReadBuffer(ifWords, 10, s.ifmapPrefetch());
            filter = new BandwidthEstimatingReadBuffer(filtWords, 10, s.filterPrefetch());
            ofmap = new DrainingWriteBuffer(ofWords, cfg.cols());
        }
        int[] ifRow = new int[s.ifmapPorts()], filtRow = new int[s.filterPorts()], ofRow = new int[s.ofmapPorts()];
        Span ifSram = new Span(), filtSram = new Span(), ofSram = new Span();
        long stalls = 0, row = 0, lastOut = 0;
        for (int fc = 0; fc < s.colFolds; fc++) {
            for (int fr = 0; fr < s.rowFolds; fr++) {
                for (int y = 0; y < s.foldCycles; y++, row++) {
                    long cycle = row + stalls;
                    boolean anyIf = false, anyFilt = false, anyOf = false;
                    for (int p = 0; p < ifRow.length; p++) anyIf |= (ifRow[p] = s.ifmap(fr, fc, y, p)) != -1;
                    for (int p = 0; p < filtRow.length; p++) anyFilt |= (filtRow[p] = s.filter(fr, fc, y, p)) != -1;
                    for (int p = 0; p < ofRow.length; p++) anyOf |= (ofRow[p] = s.ofmap(fr, fc, y, p)) != -1;
                    long ifOut = ifmap.serve(ifRow, ifRow.length, cycle);
                    long filtOut = filter.serve(filtRow, filtRow.length, cycle);
                    long ofOut = ofmap.write(ofRow, ofRow.length, cycle);
                    if (anyIf) ifSram.see(ifOut);
                    if (anyFilt) filtSram.see(filtOut);
                    if (anyOf) ofSram.see(ofOut);
                    stalls += Math.max(Math.max(ifOut - cycle - 1, filtOut - cycle - 1), ofOut - cycle);
                    lastOut = ofOut;
                }
            }
        }
        ifmap.finish();
        filter.finish();
        ofmap.flush(lastOut);
        long total = lastOut;
        double overall = layer.macs() * 100.0 / ((double) total * cfg.rows() * cfg.cols());
        return new ScaleSimReport(layer.name(), total, stalls, overall, s.mappingEfficiency() * 100, s.computeUtilisation() * 100,
                ifSram.access(s.ifmapSramReads()), filtSram.access(s.filterSramReads()), ofSram.access(s.ofmapSramWrites()),
                new ScaleSimReport.Access(ifmap.dramStartCycle(), ifmap.dramStopCycle(), ifmap.dramReads()),
                new ScaleSimReport.Access(filter.dramStartCycle(), filter.dramStopCycle(), filter.dramReads()),
                new ScaleSimReport.Access(ofmap.dramStartCycle(), ofmap.dramStopCycle(), ofmap.dramWrites()));
    }

    public static List<ScaleSimReport> run(ScaleSimConfig cfg, List<ScaleSimLayer> layers) {
        List<ScaleSimReport> out = new ArrayList<>();
        for (ScaleSimLayer l : layers) out.add(run(cfg, l));
        return out;
    }

    /** First and last cycle in which an SRAM served a word. */
    private static final class Span {
        long first, last;
        boolean seen;

        void see(long cycle) {
            if (!seen) { first = cycle; seen = true; }
            last = cycle;
        }

        ScaleSimReport.Access access(long words) { return new ScaleSimReport.Access(first, last, words); }
    }
}
