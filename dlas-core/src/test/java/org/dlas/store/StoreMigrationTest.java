package org.dlas.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store written by the previous schema version opens, is migrated, and keeps its rows readable. */
class StoreMigrationTest {

    @TempDir
    Path dir;

    /**
     * A results.db exactly as schema version 1 wrote it (frozen here, not derived from the current code), from a dlas
     * that knew only part of today's metrics, with two rows.
     */
    private void writeVersion1Store() throws Exception {
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("results.db"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.execute("""
                    CREATE TABLE points(
                      point_hash TEXT PRIMARY KEY,
                      sweep TEXT NOT NULL,
                      status TEXT NOT NULL CHECK (status IN ('OK','ERROR','SKIPPED')),
                      point_json TEXT,
                      "dataset" TEXT, "model" TEXT, "compression" TEXT, "primitive" TEXT, "codegen" TEXT, "hardware" TEXT,
                      "top1" REAL, "top5" REAL, "test_images" REAL, "latency_median_ms" REAL,
                      extra_metrics TEXT, extra_labels TEXT, predictions BLOB, message TEXT,
                      machine TEXT, versions TEXT, seed INTEGER NOT NULL, started_at TEXT, elapsed_s REAL)""");
            st.execute("CREATE INDEX points_sweep ON points(sweep)");
            st.execute("CREATE INDEX points_status ON points(status)");
            st.execute("INSERT INTO meta VALUES ('schema_version', '1'), ('created_at', '2026-01-02T03:04:05Z'), "
                    + "('created_by', 'dlas 0.9')");
            st.execute("INSERT INTO points VALUES ('h1', 'old', 'OK', '{\"model\":\"lenet\"}', "
                    + "'mnist', 'lenet', 'none', 'direct', 'java', 'cpu', 0.98, 1.0, 1000, 2.5, "
                    + "'{\"custom_ms\":7.25,\"top5\":\"NaN\"}', '{\"variant\":\"b\"}', NULL, NULL, "
                    + "'host', 'dlas 0.9', 42, '2026-01-02T03:04:06Z', 1.5)");
            st.execute("INSERT INTO points(point_hash, sweep, status, message, seed, started_at) "
                    + "VALUES ('h2', 'old', 'ERROR', 'out of memory', 7, '2026-01-02T03:04:07Z')");
        }
    }

    @Test
    void theMigrationListReachesTheCurrentVersion() {
        assertEquals(SqliteResultStore.SCHEMA_VERSION, 1 + StoreSchema.MIGRATIONS.size());
        for (int i = 0; i < StoreSchema.MIGRATIONS.size(); i++) assertEquals(i + 1, StoreSchema.MIGRATIONS.get(i).from());
        assertTrue(SqliteResultStore.SCHEMA_VERSION >= 2, "at least one real migration step");
    }

    @Test
    void aVersion1StoreIsReadableBeforeAndAfterMigration() throws Exception {
        writeVersion1Store();
        try (SqliteResultStore store = SqliteResultStore.openReadOnly(dir)) {
            assertOldRows(store.all());
        }
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            assertOldRows(store.all());
            assertEquals("ok", store.integrityCheck());
            store.put(TestRows.full("new", 3));
            assertEquals(3, store.all().size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("results.db"));
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='schema_version'")) {
                assertTrue(rs.next());
                assertEquals(Integer.toString(SqliteResultStore.SCHEMA_VERSION), rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='created_at'")) {
                assertTrue(rs.next());
                assertEquals("2026-01-02T03:04:05Z", rs.getString(1), "migration keeps the store's history");
            }
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type='index' AND name='points_sweep_started'")) {
                assertTrue(rs.next(), "version 2's index exists after the migration");
            }
        }
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {     // reopening a migrated store is a no-op
            assertOldRows(store.forSweep("old"));
        }
    }

    @Test
    void aFreshStoreHasTheSameIndexesAsAMigratedOne() throws Exception {
        writeVersion1Store();
        SqliteResultStore.open(dir).close();
        Path fresh = dir.resolve("fresh");
        SqliteResultStore.open(fresh).close();
        assertEquals(indexes(dir.resolve("results.db")), indexes(fresh.resolve("results.db")));
    }

    private static List<String> indexes(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name || ':' || sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL ORDER BY name")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    private static void assertOldRows(List<ResultRow> rows) {
        assertEquals(2, rows.size());
        ResultRow ok = rows.get(0);
        assertEquals("h1", ok.pointHash());
        assertEquals(ResultRow.Status.OK, ok.status());
        assertEquals("{\"model\":\"lenet\"}", ok.pointJson());
        assertEquals(Map.of("dataset", "mnist", "model", "lenet", "compression", "none", "primitive", "direct",
                "codegen", "java", "hardware", "cpu", "variant", "b"), ok.labels());
        assertEquals(0.98, ok.metrics().get("top1"));
        assertTrue(Double.isNaN(ok.metrics().get("top5")));
        assertEquals(1000.0, ok.metrics().get("test_images"));
        assertEquals(2.5, ok.metrics().get("latency_median_ms"));
        assertEquals(7.25, ok.metrics().get("custom_ms"));
        assertEquals(5, ok.metrics().size(), "metrics the old file has no column for read as absent: " + ok.metrics());
        assertArrayEquals(null, ok.predictions());
        assertEquals(42, ok.seed());
        assertEquals(1.5, ok.elapsedSeconds());
        ResultRow error = rows.get(1);
        assertEquals("h2", error.pointHash());
        assertEquals(ResultRow.Status.ERROR, error.status());
        assertEquals("out of memory", error.message());
        assertTrue(Double.isNaN(error.elapsedSeconds()));
    }
}
