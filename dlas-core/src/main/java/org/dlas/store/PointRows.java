package org.dlas.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.store.ResultRow.Status;

import static org.dlas.store.Sql.q;

/**
 * How a {@link ResultRow} maps onto a row of {@code points}: the six standard axes and the standard metrics in their
 * own columns, everything else (and non-finite standard metrics, as text) in the JSON columns {@code extra_labels} and
 * {@code extra_metrics}, predictions through {@link PredictionCodec}.
 */
final class PointRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> HEAD_COLUMNS = List.of("point_hash", "sweep", "status", "point_json");
    private static final List<String> TAIL_COLUMNS = List.of("extra_metrics", "extra_labels", "predictions",
            "message", "machine", "versions", "seed", "started_at", "elapsed_s");

    private PointRows() { }

    /** The column names of {@code points} in insert order. */
    static List<String> allColumns() {
        List<String> cols = new ArrayList<>(HEAD_COLUMNS);
        cols.addAll(ResultColumns.AXES);
        cols.addAll(ResultColumns.METRICS);
        cols.addAll(TAIL_COLUMNS);
        return cols;
    }

    /** {@code INSERT OR REPLACE} of every column of {@link #allColumns()}, for {@link #bind}. */
    static String insertSql() {
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
        return sql.append(") VALUES (").append(marks).append(')').toString();
    }

    static void validate(ResultRow row) {
        if (row == null) throw new IllegalArgumentException("row is null");
        if (row.pointHash() == null || row.pointHash().isBlank()) throw new InvalidInputException(ErrorKind.MISSING, "row has no point hash").at("point_hash");
        if (row.sweep() == null) throw new InvalidInputException(ErrorKind.MISSING, "row " + row.pointHash() + " has no sweep name").at("sweep");
        if (row.status() == null) throw new InvalidInputException(ErrorKind.MISSING, "row " + row.pointHash() + " has no status").at("status");
    }

    /** Sets the parameters of {@link #insertSql()} to {@code row}. */
    static void bind(PreparedStatement ps, ResultRow row) throws SQLException {
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

    /**
     * The row at the cursor of {@code rs}, whose columns are {@code cols}: columns it lacks (an older file) read as
     * absent. {@code db} names the file in errors.
     */
    static ResultRow read(ResultSet rs, Set<String> cols, Path db) throws SQLException {
        String hash = rs.getString("point_hash");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String axis : ResultColumns.AXES) {
            if (!cols.contains(axis)) continue;
            String v = rs.getString(axis);
            if (v != null) labels.put(axis, v);
        }
        for (Map.Entry<String, JsonNode> e : parseObject(rs.getString("extra_labels"), hash, db)) {
            labels.put(e.getKey(), e.getValue().asText());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String metric : ResultColumns.METRICS) {
            if (!cols.contains(metric)) continue;
            double v = rs.getDouble(metric);
            if (!rs.wasNull()) metrics.put(metric, v);
        }
        Map<String, Double> extras = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : parseObject(rs.getString("extra_metrics"), hash, db)) {
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
            throw new StoreException("point " + hash + " in " + db + ": " + e.getMessage(), e);
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

    private static Iterable<Map.Entry<String, JsonNode>> parseObject(String json, String hash, Path db) {
        if (json == null || json.isBlank()) return List.of();
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) throw new StoreException("point " + hash + ": extra column is not a JSON object");
            List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) out.add(it.next());
            return out;
        } catch (JsonProcessingException e) {
            throw new StoreException("point " + hash + ": bad JSON in " + db + ": " + e.getMessage(), e);
        }
    }
}
