package org.dlas.store;

import static org.dlas.store.TestRows.assertSameRow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlas.store.ResultRow.Metric;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.store.ResultRow.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteResultStoreTest {

    @TempDir
    Path dir;

    @Test
    void fullRowRoundTripsThroughAReopen() {
        ResultRow row = TestRows.full("s1", 3);
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(row);
            assertSameRow(row, store.get(row.pointHash()).orElseThrow());
        }
        assertTrue(Files.isRegularFile(dir.resolve("results.db")));
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            ResultRow back = store.get(row.pointHash()).orElseThrow();
            assertSameRow(row, back);
            assertEquals(0.503, back.metrics().get("sim.utilisation"), 0.0);
            assertEquals(1000, back.predictions().length);
            assertTrue(store.get("nope").isEmpty());
        }
    }

    @Test
    void storesStandardMetricsInTheirOwnColumnsAndExtrasAsJson() throws Exception {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(TestRows.full("s1", 1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("results.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT model, hardware, top1, latency_median_ms, extra_metrics, "
                     + "length(predictions), status FROM points")) {
            assertTrue(rs.next());
            assertEquals("mlp, wide", rs.getString(1));
            assertEquals("cpu-1t", rs.getString(2));
            assertEquals(0.81, rs.getDouble(3), 1e-12);
            assertEquals(1.25, rs.getDouble(4), 1e-12);
            assertEquals("{\"sim.utilisation\":0.501}", rs.getString(5));
            assertEquals(1001, rs.getInt(6), "format byte + one varint byte per label");
            assertEquals("OK", rs.getString(7));
            try (ResultSet meta = st.executeQuery("SELECT value FROM meta WHERE key='schema_version'")) {
                assertTrue(meta.next());
                assertEquals(Integer.toString(SqliteResultStore.SCHEMA_VERSION), meta.getString(1));
            }
            try (ResultSet mode = st.executeQuery("PRAGMA journal_mode")) {
                assertTrue(mode.next());
                assertEquals("wal", mode.getString(1));
            }
        }
    }

    @Test
    void upsertReplacesTheRowOfTheSameHash() {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(TestRows.bare("a", "s1", Status.ERROR, "OutOfMemoryError"));
            ResultRow fixed = TestRows.full("s1", 5);
            fixed = new ResultRow("a", fixed.sweep(), fixed.status(), fixed.pointJson(), fixed.labels(),
                    fixed.metrics(), fixed.predictions(), fixed.message(), fixed.machine(), fixed.versions(),
                    fixed.seed(), fixed.startedAt(), fixed.elapsedSeconds());
            store.put(fixed);
            assertEquals(1, store.all().size());
            assertSameRow(fixed, store.get("a").orElseThrow());
            assertEquals(Set.of("a"), store.doneHashes());
            assertEquals(Set.of(), store.hashesWithStatus(Status.ERROR));
        }
    }

    @Test
    void hashesWithStatusAndResumeRule() {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(TestRows.bare("ok1", "s", Status.OK, null));
            store.put(TestRows.bare("ok2", "s", Status.OK, null));
            store.put(TestRows.bare("err", "s", Status.ERROR, "boom"));
            store.put(TestRows.bare("skip", "s", Status.SKIPPED, "winograd needs 3x3"));
            assertEquals(Set.of("ok1", "ok2"), store.hashesWithStatus(Status.OK));
            assertEquals(Set.of("err", "skip"), store.hashesWithStatus(Status.ERROR, Status.SKIPPED));
            assertEquals(Set.of("ok1", "ok2", "err", "skip"), store.hashesWithStatus());
            assertEquals(Set.of("ok1", "ok2"), store.doneHashes(), "only OK points are skipped on resume");
            assertEquals(Map.of(Status.OK, 2, Status.ERROR, 1, Status.SKIPPED, 1), store.countByStatus());
        }
    }

    @Test
    void forSweepFiltersAndOrdersByStartTime() {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(TestRows.full("b", 2));
            store.put(TestRows.full("a", 9));
            store.put(TestRows.full("a", 1));
            store.put(TestRows.bare("x", "c", Status.OK, null));
            List<ResultRow> a = store.forSweep("a");
            assertEquals(List.of(TestRows.hash(1), TestRows.hash(9)), a.stream().map(ResultRow::pointHash).toList());
            assertSameRow(TestRows.full("a", 9), a.get(1));
            assertEquals(1, store.forSweep("b").size());
            assertEquals(0, store.forSweep("zzz").size());
            assertEquals(List.of("a", "a", "b", "c"), store.all().stream().map(ResultRow::sweep).toList());
            assertEquals(List.of("a", "b", "c"), store.sweeps());
        }
    }

    @Test
    void keepsNullEmptyAndNegativePredictionsAndNonFiniteMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metric.TOP1, Double.NaN);
        metrics.put(Metric.LATENCY_MEDIAN_MS, Double.POSITIVE_INFINITY);
        metrics.put("custom", Double.NEGATIVE_INFINITY);
        metrics.put("custom2", -0.25);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("model", "m");
        labels.put("note", "not an axis");
        ResultRow odd = new ResultRow("odd", "s", Status.OK, null, labels, metrics,
                new int[] {-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 300}, null, null, null, -5L, null, Double.NaN);
        ResultRow empty = new ResultRow("empty", "s", Status.OK, "{}", Map.of(), Map.of(), new int[0], "", "", "",
                0L, "", 0.0);
        ResultRow none = TestRows.bare("none", "s", Status.SKIPPED, "no predictions");
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(odd);
            store.put(empty);
            store.put(none);
            ResultRow back = store.get("odd").orElseThrow();
            assertSameRow(odd, back);
            assertTrue(Double.isNaN(back.metrics().get(Metric.TOP1)));
            assertArrayEquals(new int[0], store.get("empty").orElseThrow().predictions());
            assertNull(store.get("none").orElseThrow().predictions());
            assertEquals(Map.of(), store.get("none").orElseThrow().metrics());
        }
    }

    @Test
    void rejectsRowsWithoutKeyFields() {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            assertMissing("point_hash", () -> store.put(TestRows.bare(" ", "s", Status.OK, null)));
            assertMissing("sweep", () -> store.put(TestRows.bare("h", null, Status.OK, null)));
            assertMissing("status", () -> store.put(TestRows.bare("h", "s", null, null)));
        }
    }

    private static void assertMissing(String column, org.junit.jupiter.api.function.Executable put) {
        InvalidInputException e = assertThrows(InvalidInputException.class, put);
        assertEquals(ErrorKind.MISSING, e.kind());
        assertEquals(column, e.location());
    }

    @Test
    void secondWriterOfTheSameDirectoryFailsClearly() {
        try (SqliteResultStore first = SqliteResultStore.open(dir)) {
            first.put(TestRows.full("s", 1));
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> SqliteResultStore.open(dir));
            assertTrue(e.getMessage().contains("locked by another running sweep"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().normalize().toString()), e.getMessage());
            assertEquals(dir.toAbsolutePath().normalize(), e.directory());
            // the failed open must not have disturbed the holder
            first.put(TestRows.full("s", 2));
            assertEquals(2, first.all().size());
            // readers do not need the lock
            try (SqliteResultStore reader = SqliteResultStore.openReadOnly(dir)) {
                assertEquals(2, reader.all().size());
                assertThrows(UnsupportedOperationException.class, () -> reader.put(TestRows.full("s", 3)));
            }
        }
        try (SqliteResultStore again = SqliteResultStore.open(dir)) {
            assertEquals(2, again.all().size(), "lock is released by close");
        }
    }

    @Test
    void lockHeldByAnotherProcessNamesItsPid() throws Exception {
        Process child = CrashWriterMain.start(dir, 1);
        try {
            String line = CrashWriterMain.readUntil(child, "SLEEPING", 60);
            assertEquals("SLEEPING", line);
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> SqliteResultStore.open(dir));
            assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
        } finally {
            child.destroyForcibly().waitFor();
        }
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            assertEquals(1, store.all().size(), "the OS releases the lock of a killed holder");
        }
    }

    @Test
    void readOnlyOpenOfAMissingStoreFails() {
        StoreException e = assertThrows(StoreException.class, () -> SqliteResultStore.openReadOnly(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no results"), e.getMessage());
    }

    @Test
    void refusesAStoreFromANewerSchema() throws Exception {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(TestRows.full("s", 1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("results.db"));
             Statement st = c.createStatement()) {
            st.execute("UPDATE meta SET value='99' WHERE key='schema_version'");
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteResultStore.open(dir));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertThrows(StoreException.class, () -> SqliteResultStore.openReadOnly(dir));
        // and the failed open released the lock
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("results.db"));
             Statement st = c.createStatement()) {
            st.execute("UPDATE meta SET value='1' WHERE key='schema_version'");
        }
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            assertEquals(1, store.all().size());
        }
    }

    @Test
    void addsColumnsForMetricsMissingFromAnOlderFile() throws Exception {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            store.put(TestRows.full("s", 1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("results.db"));
             Statement st = c.createStatement()) {
            st.execute("ALTER TABLE points DROP COLUMN energy_uj");
        }
        try (SqliteResultStore store = SqliteResultStore.openReadOnly(dir)) {
            assertSameRow(TestRows.full("s", 1), store.get(TestRows.hash(1)).orElseThrow());
        }
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            ResultRow r = TestRows.full("s", 2);
            r.metrics().put(Metric.ENERGY_UJ, 12.5);
            store.put(r);
            assertEquals(12.5, store.get(TestRows.hash(2)).orElseThrow().metrics().get(Metric.ENERGY_UJ));
            assertEquals("ok", store.integrityCheck());
        }
    }

    @Test
    void columnListCoversEveryStandardMetric() throws Exception {
        Set<String> declared = new HashSet<>();
        for (Field f : Metric.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) declared.add((String) f.get(null));
        }
        assertEquals(declared, new HashSet<>(ResultColumns.METRICS),
                "ResultColumns.METRICS must list every ResultRow.Metric constant");
        assertEquals(ResultColumns.METRICS.size(), new HashSet<>(ResultColumns.METRICS).size());
        List<String> cols = SqliteResultStore.columnNames();
        assertEquals(cols.size(), new HashSet<>(cols).size(), "no duplicate columns");
        assertTrue(cols.containsAll(ResultColumns.AXES));
    }

    @Test
    void closedStoreRefusesUse() {
        SqliteResultStore store = SqliteResultStore.open(dir);
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, store::all);
        assertFalse(store.toString().isEmpty());
    }
}
