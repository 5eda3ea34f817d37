package org.dlas.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * {@code meta.schema_version} records the layout. On {@link #open} a store older than {@value #SCHEMA_VERSION} is
 * migrated forward one step at a time inside a transaction ({@link #migrate}; there are no steps yet), and a store
 * newer than this code is refused with a message, so an old dlas never damages a newer file. Two kinds of change need
 * no version bump: a metric added to {@link ResultColumns#METRICS} gets its REAL column by {@code ALTER TABLE ADD
 * COLUMN} on the next writable open (old rows read it as absent), and readers look columns up by name, so a reader
 * tolerates columns it does not know. Anything else (renaming, retyping, moving data) bumps the version and adds a
 * step to {@link #migrate}. Columns are never dropped or renumbered.
 */
public final class SqliteResultStore implements ResultStore, AutoCloseable {

    /** The current schema version written to {@code meta}. */
    public static final int SCHEMA_VERSION = 1;
    /** File name of the database inside the results directory. */
    public static final String DB_FILE = "results.db";
    /** File name of the writer lock inside the results directory. */
    public static final String LOCK_FILE = "results.lock";

    private static final int BUSY_TIMEOUT_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> HEAD_COLUMNS = List.of("point_hash", "sweep", "status", "point_json");
    private static final List<String> TAIL_COLUMNS = List.of("extra_metrics", "extra_labels", "predictions",
            "message", "machine", "versions", "seed", "started_at", "elapsed_s");

    private final Path directory;
    private final Connection connection;
    private final boolean readOnly;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private PreparedStatement insert;
    private boolean closed;

    private SqliteResultStore(Path directory, Connection connection, boolean readOnly,
                              FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.connection = connection;
        this.readOnly = readOnly;
        this.lockChannel = lockChannel;
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
        FileChannel channel = null;
        FileLock lock = null;
        Connection conn = null;
        try {
            Path lockPath = directory.resolve(LOCK_FILE);
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StoreLockedException(directory, "a store opened earlier in this same process, not yet closed");
            }
            if (lock == null) throw new StoreLockedException(directory, describeHolder(lockPath));
            writeHolder(channel);

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
            SqliteResultStore store = new SqliteResultStore(directory, conn, false, channel, lock);
            store.initSchema();
            return store;
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(conn);
            try {
                if (lock != null) lock.release();
                if (channel != null) channel.close();
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
            SqliteResultStore store = new SqliteResultStore(directory, conn, true, null, null);
            int version = store.schemaVersion();
            if (version > SCHEMA_VERSION) throw newerSchema(db, version);
            if (version < 0) throw new StoreException(db + " is not a dlas results database (no schema version)");
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(conn);
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

    // ------------------------------------------------------------------------------------------------ schema

    private void initSchema() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        int version = schemaVersion();
        if (version > SCHEMA_VERSION) throw newerSchema(databaseFile(), version);
        if (version < 0) {
            if (tableExists("points")) {
                throw new StoreException(databaseFile() + " has a points table but no schema version; "
                        + "it was not written by dlas");
            }
            createSchema();
        } else if (version < SCHEMA_VERSION) {
            migrate(version);
        }
        addMissingMetricColumns();
    }

    private void createSchema() throws SQLException {
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
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute(sql.toString());
            st.execute("CREATE INDEX IF NOT EXISTS points_sweep ON points(sweep)");
            st.execute("CREATE INDEX IF NOT EXISTS points_status ON points(status)");
            setMeta(st, "schema_version", Integer.toString(SCHEMA_VERSION));
            setMeta(st, "created_at", Instant.now().toString());
            setMeta(st, "created_by", Machine.versions());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** One schema migration step, run inside a transaction. */
    @FunctionalInterface
    private interface MigrationStep {
        void apply(Statement st) throws SQLException;
    }

    /**
     * {@code MIGRATIONS.get(v - 1)} migrates schema version {@code v} to {@code v + 1}. Append only: never edit or
     * remove a step, and bump {@link #SCHEMA_VERSION} with each new one. Example step for 1 -> 2:
     * {@code st -> st.execute("ALTER TABLE points ADD COLUMN host_id TEXT")}.
     */
    private static final List<MigrationStep> MIGRATIONS = List.of();

    /** Brings a store of schema version {@code from} up to {@link #SCHEMA_VERSION}, one committed step per version. */
    private void migrate(int from) throws SQLException {
        for (int v = from; v < SCHEMA_VERSION; v++) {
            if (v < 1 || v - 1 >= MIGRATIONS.size()) {
                throw new StoreException("no migration from schema version " + v + " in " + databaseFile());
            }
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                MIGRATIONS.get(v - 1).apply(st);
                setMeta(st, "schema_version", Integer.toString(v + 1));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
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

    private int schemaVersion() throws SQLException {
        if (!tableExists("meta")) return -1;
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM meta WHERE key='schema_version'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return -1;
            try {
                return Integer.parseInt(rs.getString(1).trim());
            } catch (NumberFormatException e) {
                throw new StoreException("bad schema_version '" + rs.getString(1) + "' in " + databaseFile());
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

    private static StoreException newerSchema(Path db, int version) {
        return new StoreException(db + " has schema version " + version + " but this dlas understands up to "
                + SCHEMA_VERSION + "; use a newer dlas to read it");
    }

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

    private static List<String> allColumns() {
        List<String> cols = new ArrayList<>(HEAD_COLUMNS);
        cols.addAll(ResultColumns.AXES);
        cols.addAll(ResultColumns.METRICS);
        cols.addAll(TAIL_COLUMNS);
        return cols;
    }

    @Override
    public synchronized void put(ResultRow row) {
        ensureOpen();
        if (readOnly) throw new UnsupportedOperationException("store of " + directory + " was opened read-only");
        validate(row);
        try {
            if (insert == null) {
                List<String> cols = allColumns();
                StringBuilder sql = new StringBuilder("INSERT OR REPLACE INTO points(");
                StringBuilder marks = new StringBuilder();
                for (int i = 0; i < cols.size(); i++) {
                    if (i > 0) {
                        sql.append(", ");
                        marks.append(", ");
                    }
                    sql.append(q(cols.get(i)));
                    marks.append('?');
                }
                sql.append(") VALUES (").append(marks).append(')');
                insert = connection.prepareStatement(sql.toString());
            }
            bind(insert, row);
            insert.executeUpdate();     // autocommit: one transaction, fsynced (WAL, synchronous=FULL)
        } catch (SQLException e) {
            throw new StoreException("cannot write point " + row.pointHash() + " to " + databaseFile() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void validate(ResultRow row) {
        if (row == null) throw new IllegalArgumentException("row is null");
        if (row.pointHash() == null || row.pointHash().isBlank()) throw new IllegalArgumentException("row has no point hash");
        if (row.sweep() == null) throw new IllegalArgumentException("row " + row.pointHash() + " has no sweep name");
        if (row.status() == null) throw new IllegalArgumentException("row " + row.pointHash() + " has no status");
    }

    private static void bind(PreparedStatement ps, ResultRow row) throws SQLException {
        int i = 1;
        ps.setString(i++, row.pointHash());
        ps.setString(i++, row.sweep());
        ps.setString(i++, row.status().name());
        ps.setString(i++, row.pointJson());
        Map<String, String> labels = row.labels() == null ? Map.of() : row.labels();
        for (String axis : ResultColumns.AXES) ps.setString(i++, labels.get(axis));
        Map<String, Double> metrics = row.metrics() == null ? Map.of() : row.metrics();
        ObjectNode extraMetrics = JSON.createObjectNode();
        for (String metric : ResultColumns.METRICS) {
            Double v = metrics.get(metric);
            if (v != null && Double.isFinite(v)) {
                ps.setDouble(i++, v);
            } else {
                ps.setNull(i++, Types.REAL);
                if (v != null) extraMetrics.put(metric, v.toString());     // NaN / Infinity kept as text
            }
        }
        for (Map.Entry<String, Double> e : new TreeMap<>(metrics).entrySet()) {
            if (ResultColumns.isStandardMetric(e.getKey()) || e.getValue() == null) continue;
            double v = e.getValue();
            if (Double.isFinite(v)) extraMetrics.put(e.getKey(), v);
            else extraMetrics.put(e.getKey(), Double.toString(v));
        }
        ObjectNode extraLabels = JSON.createObjectNode();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!ResultColumns.isStandardAxis(e.getKey()) && e.getValue() != null) extraLabels.put(e.getKey(), e.getValue());
        }
        ps.setString(i++, extraMetrics.isEmpty() ? null : extraMetrics.toString());
        ps.setString(i++, extraLabels.isEmpty() ? null : extraLabels.toString());
        byte[] blob = PredictionCodec.encode(row.predictions());
        if (blob == null) ps.setNull(i++, Types.BLOB);
        else ps.setBytes(i++, blob);
        ps.setString(i++, row.message());
        ps.setString(i++, row.machine());
        ps.setString(i++, row.versions());
        ps.setLong(i++, row.seed());
        ps.setString(i++, row.startedAt());
        if (Double.isNaN(row.elapsedSeconds())) ps.setNull(i, Types.REAL);
        else ps.setDouble(i, row.elapsedSeconds());
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
                while (rs.next()) out.add(read(rs, cols));
                return out;
            }
        } catch (SQLException e) {
            throw failure("cannot read " + databaseFile(), databaseFile(), e);
        }
    }

    private ResultRow read(ResultSet rs, Set<String> cols) throws SQLException {
        String hash = rs.getString("point_hash");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String axis : ResultColumns.AXES) {
            if (!cols.contains(axis)) continue;
            String v = rs.getString(axis);
            if (v != null) labels.put(axis, v);
        }
        for (Map.Entry<String, JsonNode> e : parseObject(rs.getString("extra_labels"), hash)) {
            labels.put(e.getKey(), e.getValue().asText());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String metric : ResultColumns.METRICS) {
            if (!cols.contains(metric)) continue;
            double v = rs.getDouble(metric);
            if (!rs.wasNull()) metrics.put(metric, v);
        }
        Map<String, Double> extras = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : parseObject(rs.getString("extra_metrics"), hash)) {
            JsonNode n = e.getValue();
            double v = n.isNumber() ? n.doubleValue() : Double.parseDouble(n.asText());
            if (ResultColumns.isStandardMetric(e.getKey())) metrics.put(e.getKey(), v);
            else extras.put(e.getKey(), v);
        }
        metrics.putAll(extras);
        int[] predictions;
        try {
            predictions = PredictionCodec.decode(rs.getBytes("predictions"));
        } catch (IllegalArgumentException e) {
            throw new StoreException("point " + hash + " in " + databaseFile() + ": " + e.getMessage(), e);
        }
        Status status;
        try {
            status = Status.valueOf(rs.getString("status"));
        } catch (IllegalArgumentException e) {
            throw new StoreException("point " + hash + " has unknown status " + rs.getString("status"), e);
        }
        double elapsed = rs.getDouble("elapsed_s");
        if (rs.wasNull()) elapsed = Double.NaN;                 // SQLite stores NaN as NULL
        return new ResultRow(hash, rs.getString("sweep"), status, rs.getString("point_json"),
                labels, metrics, predictions, rs.getString("message"), rs.getString("machine"),
                rs.getString("versions"), rs.getLong("seed"), rs.getString("started_at"), elapsed);
    }

    private Iterable<Map.Entry<String, JsonNode>> parseObject(String json, String hash) {
        if (json == null || json.isBlank()) return List.of();
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) throw new StoreException("point " + hash + ": extra column is not a JSON object");
            List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) out.add(it.next());
            return out;
        } catch (JsonProcessingException e) {
            throw new StoreException("point " + hash + ": bad JSON in " + databaseFile() + ": " + e.getMessage(), e);
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
        closeQuietly(connection);
        try {
            if (lock != null) lock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException e) {
            throw new StoreException("cannot release lock of " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing useful to do
        }
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String who = "pid " + ProcessHandle.current().pid() + " ("
                + ManagementFactory.getRuntimeMXBean().getName() + "), since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    private static String describeHolder(Path lockPath) {
        try {
            String s = Files.readString(lockPath, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "holder unknown" : "held by " + s;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public String toString() {
        return "SqliteResultStore[" + databaseFile() + (readOnly ? ", read-only" : "") + "]";
    }

    /** For tests and tools: the column names of {@code points} in insert order. */
    static List<String> columnNames() { return List.copyOf(allColumns()); }
}
