package org.dlas.store;

import static org.dlas.store.TestRows.assertSameRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL in the middle of a sweep must leave every row it reported as put intact. */
class CrashSafetyTest {

    private static final int REPORTED_BEFORE_KILL = 40;

    @TempDir
    Path dir;

    @Test
    void everyReportedRowSurvivesAKillMidSweep() throws Exception {
        Process child = CrashWriterMain.start(dir, 1_000_000);   // writes until killed
        List<Integer> reported = new ArrayList<>();
        try {
            for (int k = 0; k < REPORTED_BEFORE_KILL; k++) {
                String line = CrashWriterMain.readUntil(child, "PUT ", 60);
                reported.add(Integer.parseInt(line.substring(4).trim()));
            }
        } finally {
            // SIGKILL on Unix, most likely mid-put. Through the ProcessHandle, because Process.destroyForcibly()
            // also closes our end of the child's stdout and would drop the lines not read yet.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertFalse(child.isAlive());
        // lines printed between our last read and the kill are also committed rows
        assertTrue(CrashWriterMain.lines(child).awaitEnd(30), "child output not closed");
        for (String line : CrashWriterMain.lines(child).snapshot()) {
            if (line.startsWith("PUT ")) {
                int i = Integer.parseInt(line.substring(4).trim());
                if (!reported.contains(i)) reported.add(i);
            }
        }

        try (SqliteResultStore store = SqliteResultStore.open(dir)) {   // lock was released by the OS
            assertEquals("ok", store.integrityCheck());
            for (int i : reported) {
                Optional<ResultRow> row = store.get(TestRows.hash(i));
                assertTrue(row.isPresent(), "reported row " + i + " is missing");
                assertSameRow(TestRows.full("crash", i), row.get());
            }
            // a row may be committed without being reported (killed between put and println), never half-written
            List<ResultRow> all = store.all();
            assertTrue(all.size() >= reported.size());
            assertTrue(all.size() <= reported.size() + 1, "at most one unreported committed row: " + all.size());
            // rows are written in order, so what survived is exactly the first all.size() rows, each intact
            for (int i = 0; i < all.size(); i++) {
                ResultRow r = store.get(TestRows.hash(i)).orElseThrow(() -> new AssertionError("hole in committed rows"));
                assertSameRow(TestRows.full("crash", i), r);
            }
            // and the store is writable again: a resumed sweep continues
            store.put(TestRows.full("crash", 999_999));
            assertEquals(all.size() + 1, store.all().size());
        }
    }
}
