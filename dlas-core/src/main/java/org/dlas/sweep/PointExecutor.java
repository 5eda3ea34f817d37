package org.dlas.sweep;

import java.util.List;
import java.util.function.Consumer;

import org.dlas.spec.PlannedPoint;
import org.dlas.store.ResultRow;

/**
 * Where points run. The engine hands over the points still to measure and receives one row per
 * point as soon as it exists, so that it can be stored at once. Points run on a local pool
 * ({@link LocalPointExecutor}) or, through a {@link PointExecutorProvider}, on a cluster.
 */
public interface PointExecutor extends AutoCloseable {
    void runAll(List<PlannedPoint> points, Consumer<PlannedPoint> onStart, Consumer<ResultRow> onDone) throws InterruptedException;

    /** Attempts that ran again after a lost or failed one (a cluster reruns a lost worker's points); 0 locally. */
    default int retriedTasks() { return 0; }

    @Override default void close() { }
}
