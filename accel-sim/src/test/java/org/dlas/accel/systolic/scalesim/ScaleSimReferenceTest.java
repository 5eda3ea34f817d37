package org.dlas.accel.systolic.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.accel.bench.ReferenceSpeedBench;
import org.dlas.accel.systolic.Dataflow;
import org.junit.jupiter.api.Test;

/**
 * dlas's SCALE-Sim model against SCALE-Sim v2 itself: every case of the committed reference grid
 * (reference/scalesim/scalesim-reference.csv, produced by reference/scalesim/run_grid.py with the
 * exact command of each case) is simulated and its total cycles (stalls included) compared.
 */
class ScaleSimReferenceTest {
    static final Path GRID = Path.of("reference/scalesim/scalesim-reference.csv");

    record Case(Map<String, String> row, ScaleSimConfig cfg, ScaleSimLayer layer) {
        long expectedTotal() { return Long.parseLong(row.get("total_cycles")); }
        long expectedStalls() { return Long.parseLong(row.get("stall_cycles")); }
    }

    static List<Case> cases(Path csv) throws IOException {
        List<Case> out = new ArrayList<>();
        for (Map<String, String> row : ReferenceSpeedBench.readCsv(csv))
            out.add(new Case(row, ReferenceSpeedBench.config(row), ReferenceSpeedBench.layer(row)));
        return out;
    }

    @Test
    void totalCyclesMatchScaleSimOnTheReferenceGrid() throws IOException {
        List<Case> cases = cases(GRID);
        assertTrue(cases.size() >= 150, "the reference grid has " + cases.size() + " cases, expected >= 150");
        int within1 = 0, exact = 0, stallCases = 0, sameAccesses = 0;
        StringBuilder misses = new StringBuilder();
        for (Case c : cases) {
            ScaleSimReport r = ScaleSimulator.run(c.cfg, c.layer);
            long want = c.expectedTotal();
            if (c.expectedStalls() > 0) stallCases++;
            double err = Math.abs(r.totalCycles() - want) / (double) want;
            if (r.totalCycles() == want) exact++;
            if (accesses(r).equals(c.row.get("detailed_access"))) sameAccesses++;
            if (err <= 0.01) within1++;
            else misses.append(String.format("%n  %s %s: dlas %d, SCALE-Sim %d (%+.2f %%)", c.row.get("case"), c.row.get("command"),
                    r.totalCycles(), want, 100.0 * (r.totalCycles() - want) / want));
        }
        System.out.printf("SCALE-Sim grid: %d cases (%d with stalls), %d exact, %d within 1 %%, %d with identical SRAM/DRAM access reports%s%n",
                cases.size(), stallCases, exact, within1, sameAccesses, misses);
        // the DRAM traffic and the SRAM/DRAM start and stop cycles come from the same buffer models
        assertTrue(sameAccesses >= Math.ceil(0.95 * cases.size()), sameAccesses + " of " + cases.size() + " identical detailed access reports");
        assertTrue(stallCases >= 30, "the grid must exercise stalls: " + stallCases + " cases stall");
        assertTrue(within1 >= Math.ceil(0.95 * cases.size()), within1 + " of " + cases.size() + " within 1 %:" + misses);
    }

    /**
     * The closed-form estimate ({@link org.dlas.accel.systolic.SystolicAnalytical}) against SCALE-Sim:
     * exact on every case without stalls; with stalls the slowest resource's bound, whose
     * error is printed (median, 90th percentile, largest).
     */
    @Test
    void analyticalEstimateAgainstScaleSim() throws IOException {
        List<Double> stalledErrors = new ArrayList<>();
        for (Case c : cases(GRID)) {
            ScaleSimLayer l = c.layer;
            int m = l.ofmapPixels(), n = l.numFilters(), k = l.window();
            long compute = org.dlas.accel.systolic.SystolicAnalytical.exactComputeCycles(c.cfg.rows(), c.cfg.cols(), c.cfg.dataflow(), m, n, k);
            long est = Math.max(compute, org.dlas.accel.systolic.SystolicAnalytical.memoryBoundCycles(c.cfg, m, n, k));
            if (c.expectedStalls() == 0) assertEquals(c.expectedTotal(), compute, c.row.get("case") + " " + c.row.get("command"));
            else stalledErrors.add(Math.abs(est - c.expectedTotal()) / (double) c.expectedTotal());
        }
        java.util.Collections.sort(stalledErrors);
        double median = stalledErrors.get(stalledErrors.size() / 2), p90 = stalledErrors.get((int) (stalledErrors.size() * 0.9));
        System.out.printf("analytical vs SCALE-Sim on %d stalling cases: median error %.1f %%, 90th percentile %.1f %%, max %.1f %%%n",
                stalledErrors.size(), 100 * median, 100 * p90, 100 * stalledErrors.get(stalledErrors.size() - 1));
    }

    /** The DETAILED_ACCESS_REPORT figures as the reference CSV holds them (space separated). */
    static String accesses(ScaleSimReport r) {
        String row = r.detailRow(0);
        return String.join(" ", java.util.Arrays.stream(row.substring(row.indexOf(", ") + 2, row.length() - 1).split(", ")).toList());
    }

    @Test
    void readsScaleSimsOwnConfigAndTopologyFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("a.cfg"), topo = dir.resolve("t.csv");
        Files.writeString(cfg, "[general]\nrun_name = r\n\n[architecture_presets]\nArrayHeight:    8\nArrayWidth:     16\n"
                + "IfmapSramSzkB:   2\nFilterSramSzkB:  4\nOfmapSramSzkB:   1\nIfmapOffset:    0\nFilterOffset:   10000000\n"
                + "OfmapOffset:    20000000\nBandwidth : 4,8\nDataflow : os\nMemoryBanks:   1\n\n[run_presets]\nInterfaceBandwidth: USER\n");
        ScaleSimConfig c = ScaleSimConfig.read(cfg);
        assertEquals(8, c.rows());
        assertEquals(16, c.cols());
        assertEquals(Dataflow.OS, c.dataflow());
        assertTrue(c.userBandwidth());
        assertEquals(4, c.ofmapBandwidth()); // SCALE-Sim applies the first bandwidth to all three interfaces
        assertEquals(1024 * 2, c.words(c.ifmapKb()));
        Files.writeString(topo, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "Conv1, 9, 9, 2, 2, 3, 4, 2,\nDP2, 5, 5, 3, 3, 2, 1, 1,\n");
        List<ScaleSimLayer> layers = ScaleSimLayer.readTopology(topo, false);
        assertEquals(3, layers.size()); // the depthwise layer becomes one layer per channel
        assertEquals(5, layers.get(0).ofmapH()); // ceil((9 - 2 + 2) / 2), SCALE-Sim's output size
        assertEquals("DP2Channel_1", layers.get(2).name());
        Files.writeString(cfg, "[architecture_presets]\nDataflow : xs\n");
        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, () -> ScaleSimConfig.read(cfg));
        assertEquals(ErrorKind.BAD_FORMAT, e.kind());
        assertEquals(cfg + ":2", e.location());
        assertTrue(e.getMessage().contains("key 'dataflow'") && e.getMessage().contains("os, ws or is"), e.getMessage());
    }
}
