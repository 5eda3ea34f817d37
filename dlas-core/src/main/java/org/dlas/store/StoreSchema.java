package org.dlas.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.dlas.store.Sql.q;

/**
 * The layout of a results database: creating it, reading its version, and bringing an older file forward.
 *
 * <p>{@code meta.schema_version} records the layout. A new database is created at version 1 and then taken through
 * every {@link #MIGRATIONS step}, so a fresh store and a migrated one have the same layout by construction. A store
 * older than {@link #VERSION} is migrated one committed step at a time, and a store newer than this code is refused,
 * so an old dlas never damages a newer file. Two kinds of change need no version bump: a metric added to
 * {@link ResultColumns#METRICS} gets its REAL column by {@code ALTER TABLE ADD COLUMN} on the next writable open (old
 * rows read it as absent), and readers look columns up by name, so a reader tolerates columns it does not know.
 * Anything else (renaming, retyping, moving data, indexes) bumps the version with a new step. Columns are never
 * dropped or renumbered.
 */
final class StoreSchema {

    /** One step from schema version {@code from} to {@code from + 1}, run inside a transaction. */
    record Migration(int from, String what, Sql.Work step) { }

    /**
     * The steps, in order: {@code MIGRATIONS.get(v - 1)} takes version {@code v} to {@code v + 1}. Append only: never
     * edit or remove a step; {@link #VERSION} follows from the list.
     */
    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "index for the listings ordered by sweep, start time and hash (all, forSweep)",
                    st -> st.execute("CREATE INDEX IF NOT EXISTS points_sweep_started ON points(sweep, started_at, point_hash)")));

    /** The current schema version. */
    static final int VERSION = 1 + MIGRATIONS.size();

    private final Connection connection;
    private final Path databaseFile;

    StoreSchema(Connection connection, Path databaseFile) {
        this.connection = connection;
        this.databaseFile = databaseFile;
    }

    /** Creates the schema of an empty database, or migrates an older one, and adds missing metric columns. */
    void init() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        int version = version();
        if (version > VERSION) throw newerSchema(databaseFile, version);
        if (version < 0) {
            if (tableExists("points")) {
                throw new StoreException(databaseFile + " has a points table but no schema version; "
                        + "it was not written by dlas");
            }
            createVersion1();
            version = 1;
        }
        migrate(version);
        addMissingMetricColumns();
    }

    /** The layout of schema version 1, the start of every {@link #MIGRATIONS migration}. */
    private void createVersion1() throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE TABLE points(\n")
                .append("  point_hash TEXT PRIMARY KEY,\n")
                .append("  sweep TEXT NOT NULL,\n")
                .append("  status TEXT NOT NULL CHECK (status IN ('OK','ERROR','SKIPPED')),\n")
                .append("  point_json TEXT");
        for (String axis : ResultColumns.AXES) sql.append(",\n  ").append(q(axis)).append(" TEXT");
        for (String metric : ResultColumns.METRICS) sql.append(",\n  ").append(q(metric)).append(" REAL");
        sql.append(",\n  extra_metrics TEXT,\n  extra_labels TEXT,\n  predictions BLOB,\n  message TEXT,\n")
                .append("  machine TEXT,\n  versions TEXT,\n  seed INTEGER NOT NULL,\n  started_at TEXT,\n")
                .append("  elapsed_s REAL)");
        Sql.inTransaction(connection, st -> {
            st.execute(sql.toString());
            st.execute("CREATE INDEX IF NOT EXISTS points_sweep ON points(sweep)");
            st.execute("CREATE INDEX IF NOT EXISTS points_status ON points(status)");
            setMeta(st, "schema_version", "1");
            setMeta(st, "created_at", Instant.now().toString());
            setMeta(st, "created_by", Machine.versions());
        });
    }

    /** Brings a store of schema version {@code from} up to {@link #VERSION}, one committed step per version. */
    private void migrate(int from) throws SQLException {
        for (int v = from; v < VERSION; v++) {
            if (v < 1 || MIGRATIONS.get(v - 1).from() != v) {
                throw new StoreException("no migration from schema version " + v + " in " + databaseFile);
            }
            Migration m = MIGRATIONS.get(v - 1);
            Sql.inTransaction(connection, st -> {
                m.step().run(st);
                setMeta(st, "schema_version", Integer.toString(m.from() + 1));
            });
        }
    }

    private void addMissingMetricColumns() throws SQLException {
        Set<String> present = columnsOf("points");
        try (Statement st = connection.createStatement()) {
            for (String metric : ResultColumns.METRICS) {
                if (!present.contains(metric)) st.execute("ALTER TABLE points ADD COLUMN " + q(metric) + " REAL");
            }
        }
    }

    /** {@code meta.schema_version}, or -1 when the file has none. */
    int version() throws SQLException {
        if (!tableExists("meta")) return -1;
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM meta WHERE key='schema_version'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return -1;
            try {
                return Integer.parseInt(rs.getString(1).trim());
            } catch (NumberFormatException e) {
                throw new StoreException("bad schema_version '" + rs.getString(1) + "' in " + databaseFile);
            }
        }
    }

    private boolean tableExists(String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Set<String> columnsOf(String table) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA table_info(" + q(table) + ")")) {
            while (rs.next()) cols.add(rs.getString("name"));
        }
        return cols;
    }

    private static void setMeta(Statement st, String key, String value) throws SQLException {
        try (PreparedStatement ps = st.getConnection().prepareStatement(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    static StoreException newerSchema(Path db, int version) {
        return new StoreException(db + " has schema version " + version + " but this dlas understands up to "
                + VERSION + "; use a newer dlas to read it");
    }
}
