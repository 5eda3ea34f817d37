package org.dlas.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.dlas.store.ResultRow.Status;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * {@link ResultStore} in a single SQLite file, {@code DIR/results.db}.
 *
 * <h2>Crash safety</h2>
 * The database runs in WAL journal mode with {@code synchronous=FULL}: every {@link #put} is one autocommitted
 * statement, hence its own transaction, and the WAL is fsynced before {@code put} returns. A process killed at any
 * moment (SIGKILL included) leaves every row whose {@code put} returned readable, and at worst loses the row being
 * written. {@code busy_timeout} makes readers in other processes (e.g. {@code dlas results DIR} during a sweep) wait
 * for a writer instead of failing.
 *
 * <h2>One writer per directory</h2>
 * {@link #open} takes an exclusive {@link FileChannel#tryLock() lock} on {@code DIR/results.lock} for the lifetime
 * of the store, so two sweeps cannot write the same directory at once; the second one gets a
 * {@link StoreLockedException} naming the holder. The operating system drops the lock when the holder dies, so a
 * crashed sweep never leaves a stale lock behind. {@link #openReadOnly} takes no lock and can read while a sweep
 * writes.
 *
 * <h2>Schema (version {@value #SCHEMA_VERSION})</h2>
 * <pre>
 * meta(key TEXT PRIMARY KEY, value TEXT)                 -- schema_version, created_at, created_by
 * points(
 *   point_hash TEXT PRIMARY KEY, sweep TEXT, status TEXT ('OK'|'ERROR'|'SKIPPED'), point_json TEXT,
 *   dataset, model, compression, primitive, codegen, hardware TEXT,       -- the six standard axis labels
 *   top1, top5, test_images, latency_median_ms, ... REAL                   -- one column per ResultColumns.METRICS
 *   extra_metrics TEXT,   -- JSON object of non-standard metrics (and non-finite standard ones, as "NaN"/"Infinity")
 *   extra_labels TEXT,    -- JSON object of labels under non-standard keys
 *   predictions BLOB,     -- PredictionCodec (format byte + zig-zag varints), NULL when not measured
 *   message, machine, versions TEXT, seed INTEGER, started_at TEXT (ISO-8601), elapsed_s REAL)
 * </pre>
 *
 * <h2>Schema migration</h2>
 * {@code meta.schema_version} records the layout; {@link StoreSchema} creates it, migrates an older file forward on
 * {@link #open} and refuses a newer one. Version 2 added the index {@code points_sweep_started}.
 */
public final class SqliteResultStore implements ResultStore, AutoCloseable {

    /** The current schema version written to {@code meta}. */
    public static final int SCHEMA_VERSION = StoreSchema.VERSION;
    /** File name of the database inside the results directory. */
    public static final String DB_FILE = "results.db";
    /** File name of the writer lock inside the results directory. */
    public static final String LOCK_FILE = "results.lock";

    private static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path directory;
    private final Connection connection;
    private final boolean readOnly;
    private final WriterLock lock;
    private PreparedStatement insert;
    private boolean closed;

    private SqliteResultStore(Path directory, Connection connection, boolean readOnly, WriterLock lock) {
        this.directory = directory;
        this.connection = connection;
        this.readOnly = readOnly;
        this.lock = lock;
    }

    /**
     * Opens (creating the directory and database if needed) the store of {@code dir} for writing, holding the
     * directory's writer lock until {@link #close()}.
     *
     * @throws StoreLockedException when another sweep holds the directory
     * @throws StoreException       when the database cannot be opened or was written by a newer dlas
     */
    public static SqliteResultStore open(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cannot create results directory " + directory + ": " + e.getMessage(), e);
        }
        WriterLock lock = null;
        Connection conn = null;
        try {
            lock = WriterLock.acquire(directory);
            conn = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(DB_FILE));
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new StoreException("cannot switch " + directory.resolve(DB_FILE)
                                + " to WAL journal mode (got " + mode + "); is it on a network file system?");
                    }
                }
                st.execute("PRAGMA synchronous=FULL");
            }
            new StoreSchema(conn, directory.resolve(DB_FILE)).init();
            return new SqliteResultStore(directory, conn, false, lock);
        } catch (SQLException | IOException | RuntimeException e) {
            Sql.closeQuietly(conn);
            try {
                if (lock != null) lock.close();
            } catch (IOException ignored) {
                // best effort on the failure path
            }
            if (e instanceof StoreException se && !isDamage(se)) throw se;
            throw failure("cannot open results store in " + directory, directory.resolve(DB_FILE), e);
        }
    }

    /**
     * Opens an existing store for reading only, without the writer lock (safe while a sweep writes to it).
     * {@link #put} throws {@link UnsupportedOperationException}.
     *
     * @throws StoreException when {@code dir} holds no {@value #DB_FILE} or it was written by a newer dlas
     */
    public static SqliteResultStore openReadOnly(Path dir) {
        Path directory = dir.toAbsolutePath().normalize();
        Path db = directory.resolve(DB_FILE);
        if (!Files.isRegularFile(db)) throw new StoreException("no results in " + directory + " (missing " + DB_FILE + ")");
        return openReadOnly(directory, !Files.isWritable(directory));
    }

    /**
     * With {@code immutable}, SQLite reads the file as it is and creates nothing beside it (no {@code -shm}), which
     * read-only media need: a WAL database otherwise cannot be opened there even for reading. Only right when nobody
     * can write the folder, and only complete when the last writer closed cleanly (its WAL was checkpointed).
     */
    static SqliteResultStore openReadOnly(Path directory, boolean immutable) {
        Path db = directory.resolve(DB_FILE);
        Connection conn = null;
        try {
            if (immutable && Files.size(directory.resolve(DB_FILE + "-wal")) > 0) {
                throw new StoreException(db + " has writes not yet merged into it (" + DB_FILE + "-wal) and its folder is read-only; "
                        + "copy the folder to writable storage and read it there");
            }
        } catch (NoSuchFileException e) {
            // no WAL: the last writer closed cleanly
        } catch (IOException e) {
            throw new StoreException("cannot read " + db + "-wal: " + e.getMessage(), e);
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            String url = immutable ? "jdbc:sqlite:" + db.toUri() + "?immutable=1" : "jdbc:sqlite:" + db;
            conn = DriverManager.getConnection(url, config.toProperties());
            int version = new StoreSchema(conn, db).version();
            if (version > SCHEMA_VERSION) throw StoreSchema.newerSchema(db, version);
            if (version < 0) throw new StoreException(db + " is not a dlas results database (no schema version)");
            return new SqliteResultStore(directory, conn, true, null);
        } catch (SQLException | RuntimeException e) {
            Sql.closeQuietly(conn);
            if (e instanceof StoreException se && !isDamage(se)) throw se;
            throw failure("cannot read results store " + db, db, e);
        }
    }

    /** A StoreException for {@code e}; when SQLite found the file damaged, one that says so and what to do. */
    private static StoreException failure(String what, Path db, Exception e) {
        if (isDamage(e)) {
            return new StoreException(db + " is damaged or not a dlas results database (" + sqliteMessage(e) + "); restore it from a copy, "
                    + "or move it away and rerun the sweep to measure again (its results.csv may still hold the rows)", e);
        }
        return new StoreException(what + ": " + e.getMessage(), e);
    }

    private static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se) {
                SQLiteErrorCode code = se.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
                        || code.name().startsWith("SQLITE_CORRUPT_")) return true;
            }
        }
        return false;
    }

    private static String sqliteMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof SQLiteException se) return se.getResultCode().message;
        return e.getMessage();
    }

    /** The results directory. */
    public Path directory() { return directory; }

    /** The database file, {@code directory()/results.db}. */
    public Path databaseFile() { return directory.resolve(DB_FILE); }

    /** Runs {@code PRAGMA integrity_check} and returns its verdict ({@code "ok"} when the file is sound). */
    public synchronized String integrityCheck() {
        ensureOpen();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(rs.getString(1));
            }
            return sb.toString();
        } catch (SQLException e) {
            throw new StoreException("integrity check of " + databaseFile() + " failed: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ writes

    @Override
    public synchronized void put(ResultRow row) {
        ensureOpen();
        if (readOnly) throw new UnsupportedOperationException("store of " + directory + " was opened read-only");
        PointRows.validate(row);
        try {
            if (insert == null) insert = connection.prepareStatement(PointRows.insertSql());
            PointRows.bind(insert, row);
            insert.executeUpdate();     // autocommit: one transaction, fsynced (WAL, synchronous=FULL)
        } catch (SQLException e) {
            throw new StoreException("cannot write point " + row.pointHash() + " to " + databaseFile() + ": "
                    + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public synchronized Optional<ResultRow> get(String pointHash) {
        List<ResultRow> rows = query("SELECT * FROM points WHERE point_hash = ?", pointHash);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public synchronized Set<String> hashesWithStatus(Status... statuses) {
        ensureOpen();
        StringBuilder sql = new StringBuilder("SELECT point_hash FROM points");
        if (statuses.length > 0) {
            sql.append(" WHERE status IN (");
            for (int k = 0; k < statuses.length; k++) sql.append(k == 0 ? "?" : ", ?");
            sql.append(')');
        }
        sql.append(" ORDER BY point_hash");
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            for (int k = 0; k < statuses.length; k++) ps.setString(k + 1, statuses[k].name());
            Set<String> out = new LinkedHashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw failure("cannot read " + databaseFile(), databaseFile(), e);
        }
    }

    @Override
    public synchronized List<ResultRow> all() {
        return query("SELECT * FROM points ORDER BY sweep, started_at, point_hash");
    }

    @Override
    public synchronized List<ResultRow> forSweep(String sweep) {
        return query("SELECT * FROM points WHERE sweep = ? ORDER BY sweep, started_at, point_hash", sweep);
    }

    /** Distinct sweep names in the store, sorted. */
    public synchronized List<String> sweeps() {
        ensureOpen();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT sweep FROM points ORDER BY sweep")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        } catch (SQLException e) {
            throw failure("cannot read " + databaseFile(), databaseFile(), e);
        }
    }

    private List<ResultRow> query(String sql, String... args) {
        ensureOpen();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int k = 0; k < args.length; k++) ps.setString(k + 1, args[k]);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> cols = new HashSet<>();
                ResultSetMetaData md = rs.getMetaData();
                for (int c = 1; c <= md.getColumnCount(); c++) cols.add(md.getColumnName(c));
                List<ResultRow> out = new ArrayList<>();
                while (rs.next()) out.add(PointRows.read(rs, cols, databaseFile()));
                return out;
            }
        } catch (SQLException e) {
            throw failure("cannot read " + databaseFile(), databaseFile(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("results store of " + directory + " is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            if (insert != null) insert.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        Sql.closeQuietly(connection);
        try {
            if (lock != null) lock.close();
        } catch (IOException e) {
            throw new StoreException("cannot release lock of " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SqliteResultStore[" + databaseFile() + (readOnly ? ", read-only" : "") + "]";
    }

    /** For tests and tools: the column names of {@code points} in insert order. */
    static List<String> columnNames() { return List.copyOf(PointRows.allColumns()); }
}
