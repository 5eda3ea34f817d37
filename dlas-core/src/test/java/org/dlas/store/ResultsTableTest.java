package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlas.store.ResultRow.Status;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    private static final List<ResultRow> ROWS = List.of(
            TestRows.full("s", 0), TestRows.full("s", 1),
            TestRows.bare("e1", "s", Status.ERROR,
                    "java.lang.OutOfMemoryError: Java heap space while preparing winograd tiles\n\tat a.b.C(C.java:10)"),
            TestRows.bare("k1", "s", Status.SKIPPED, "winograd needs 3x3 stride-1 convolutions"));

    private static List<String> cells(String line) { return List.of(line.trim().split(" {2,}")); }

    @Test
    void rendersAlignedColumnsWithFormattedFigures() {
        String out = ResultsTable.render(ROWS, 400);
        String[] lines = out.split("\n");
        assertEquals(List.of("status", "model", "compression", "primitive", "hardware", "top1", "latency ms", "size",
                "sparsity", "MACs", "label-diff", "message"), cells(lines[0]));
        assertEquals(List.of("%", "median [p10-p90]", "KB", "%", "%"), cells(lines[1]));
        assertTrue(lines[2].matches("[- ]+"), lines[2]);
        assertEquals(List.of("ok", "lenet5", "none", "im2col", "cpu-1t", "80.00", "1.000 [0.900-1.300]", "244.1", "0.0",
                "2.30M", "1.25", "note \"0\""), cells(lines[3]));
        assertEquals(List.of("ok", "mlp, wide", "prune(sparsity=0.1)", "direct", "cpu-1t", "81.00", "1.250 [1.150-1.550]",
                "244.1", "10.0", "2.30M", "1.25", "note \"1\""), cells(lines[4]));
        assertTrue(lines[5].startsWith("error") && lines[5].contains("OutOfMemoryError"), lines[5]);
        assertFalse(out.contains("\tat"), "messages are flattened to one line");
        // numeric columns are right-aligned under their header, text columns left-aligned
        int topEnd = lines[0].indexOf("top1") + "top1".length();
        assertEquals(topEnd, lines[3].indexOf("80.00") + "80.00".length());
        assertEquals(lines[0].indexOf("model"), lines[3].indexOf("lenet5"));
        assertTrue(out.contains("4 points: 2 ok, 1 error, 1 skipped."), out);
        assertTrue(out.contains("Latency: median of 30 timed repeats") && out.contains("10000 test images"), out);
    }

    @Test
    void rowsSkippedByTheSweepFilesRulesAreCountedNotListed() {
        List<ResultRow> rows = new java.util.ArrayList<>(ROWS);
        rows.add(TestRows.bare("r1", "s", Status.SKIPPED, org.dlas.spec.SweepPlan.EXCLUDED_PREFIX + "q.yaml:9: {hardware: cpu}"));
        rows.add(TestRows.bare("r2", "s", Status.SKIPPED, org.dlas.spec.SweepPlan.NOT_ONLY_PREFIX + " (q.yaml:12)"));
        String out = ResultsTable.renderWithoutRuleSkips(rows, 400);
        assertFalse(out.contains("q.yaml"), out);
        assertTrue(out.contains("winograd needs 3x3"), "skips for other reasons stay: " + out);
        assertTrue(out.contains("4 points: 2 ok, 1 error, 1 skipped."), out);
        assertTrue(out.contains("2 more points were skipped by the sweep file's exclude/only rules"), out);
        assertTrue(ResultsTable.render(rows, 400).contains("q.yaml:9"), "the full table keeps them");
    }

    @Test
    void respectsTheWidthLimit() {
        for (int width : new int[] {160, 120, 100, 80}) {
            String out = ResultsTable.render(ROWS, width);
            for (String line : out.split("\n")) {
                assertTrue(line.length() <= width, width + ": " + line.length() + " > limit: " + line);
            }
            assertTrue(out.contains("..."), "something had to be cut at " + width);
            assertTrue(out.contains("80.00") && out.contains("1.000 [0.900-1.300]"), "essential figures kept");
            assertTrue(out.contains("OutOfMemoryError"), "error messages stay visible at " + width + ":\n" + out);
        }
        String narrow = ResultsTable.render(ROWS, 80);
        assertFalse(narrow.lines().findFirst().orElseThrow().contains("message"));
        assertTrue(narrow.contains("\nmessages:\n") && narrow.contains("\n  error m: java.lang.OutOfMemoryError"), narrow);
    }

    @Test
    void leavesOutEmptyColumnsAndHandlesNoRows() {
        String out = ResultsTable.render(List.of(TestRows.bare("k", "s", Status.SKIPPED, "n/a")), 120);
        assertEquals("status   model  message", out.lines().findFirst().orElseThrow());
        assertTrue(out.contains("1 point: 0 ok, 0 error, 1 skipped."));
        assertEquals("no results\n", ResultsTable.render(List.of(), 80));
    }
}
