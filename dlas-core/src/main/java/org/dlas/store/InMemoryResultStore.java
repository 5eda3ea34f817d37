package org.dlas.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.dlas.store.ResultRow.Status;

/**
 * A non-persistent {@link ResultStore} with the same semantics as {@link SqliteResultStore} (upsert by hash, the
 * same orderings); for tests and dry runs. Rows are copied in and out, so callers cannot alias its state.
 */
public final class InMemoryResultStore implements ResultStore {

    /** The ordering of {@link ResultStore#all()}: sweep, then start time (absent first), then hash. */
    public static final Comparator<ResultRow> ORDER = Comparator
            .comparing(ResultRow::sweep)
            .thenComparing(ResultRow::startedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ResultRow::pointHash);

    private final Map<String, ResultRow> rows = new LinkedHashMap<>();

    @Override
    public synchronized void put(ResultRow row) {
        if (row == null || row.pointHash() == null || row.pointHash().isBlank() || row.sweep() == null
                || row.status() == null) {
            throw new IllegalArgumentException("row needs a point hash, a sweep and a status: " + row);
        }
        rows.put(row.pointHash(), copy(row));
    }

    @Override
    public synchronized Optional<ResultRow> get(String pointHash) {
        return Optional.ofNullable(rows.get(pointHash)).map(InMemoryResultStore::copy);
    }

    @Override
    public synchronized Set<String> hashesWithStatus(Status... statuses) {
        Set<Status> wanted = statuses.length == 0 ? EnumSet.allOf(Status.class) : EnumSet.of(statuses[0], statuses);
        Set<String> out = new TreeSet<>();
        for (ResultRow r : rows.values()) if (wanted.contains(r.status())) out.add(r.pointHash());
        return out;
    }

    @Override
    public synchronized List<ResultRow> all() {
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : rows.values()) out.add(copy(r));
        out.sort(ORDER);
        return out;
    }

    @Override
    public synchronized List<ResultRow> forSweep(String sweep) {
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : all()) if (r.sweep().equals(sweep)) out.add(r);
        return out;
    }

    @Override
    public void close() { }

    private static ResultRow copy(ResultRow r) {
        return new ResultRow(r.pointHash(), r.sweep(), r.status(), r.pointJson(),
                r.labels() == null ? Map.of() : new LinkedHashMap<>(r.labels()),
                r.metrics() == null ? Map.of() : new LinkedHashMap<>(r.metrics()),
                r.predictions() == null ? null : r.predictions().clone(),
                r.message(), r.machine(), r.versions(), r.seed(), r.startedAt(), r.elapsedSeconds());
    }
}
