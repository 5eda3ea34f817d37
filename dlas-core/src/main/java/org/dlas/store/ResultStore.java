package org.dlas.store;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dlas.store.ResultRow.Status;

/**
 * Where a sweep keeps one {@link ResultRow} per point, keyed by {@link ResultRow#pointHash()}.
 *
 * <h2>Resume rule</h2>
 * A rerun of a sweep over the same store runs only the points that are not done. A point is <b>done</b> when its
 * hash has a row with status {@link Status#OK}; see {@link #doneHashes()}. Rows with status {@link Status#ERROR}
 * are <b>retried</b> on every rerun (a crash, an out-of-memory or a fixed bug should not need manual cleanup), and so
 * are {@link Status#SKIPPED} rows (re-deciding a skip is cheap and its reason may have gone away). A retried point
 * replaces its old row ({@link #put} is an upsert), so the store always holds the latest outcome per point.
 *
 * <h2>Durability</h2>
 * When {@link #put} returns, the row is committed: a process killed right after (even with SIGKILL) leaves it
 * readable by the next open.
 */
public interface ResultStore extends AutoCloseable {

    /** Inserts the row, or replaces the row with the same point hash. Durable when it returns. */
    void put(ResultRow row);

    /** The row of this point hash, if any. */
    Optional<ResultRow> get(String pointHash);

    /** Hashes of the rows whose status is one of {@code statuses}; with no argument, every hash in the store. */
    Set<String> hashesWithStatus(Status... statuses);

    /** The hashes a resumed sweep skips: those with status {@link Status#OK} (the documented resume rule). */
    default Set<String> doneHashes() { return hashesWithStatus(Status.OK); }

    /** Every row, ordered by sweep, then start time, then hash. */
    List<ResultRow> all();

    /** The rows of one sweep, in the order of {@link #all()}. */
    List<ResultRow> forSweep(String sweep);

    /** Number of rows per status (every status present as a key, zero when absent). */
    default Map<Status, Integer> countByStatus() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, hashesWithStatus(s).size());
        return counts;
    }

    /** Releases the store (and its directory lock, if it holds one). Idempotent. */
    @Override
    void close();
}
