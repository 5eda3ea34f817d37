package org.dlas.sweep;

import java.util.List;
import java.util.function.Consumer;

import org.dlas.spec.PlannedPoint;
import org.dlas.store.ResultRow;

/**
 * Where points run. The engine hands over the points still to measure and receives one row per
 * point as soon as it exists, so that it can be stored at once. Today points run on a local pool;
 * a cluster executor would implement the same seam.
 */
public interface PointExecutor extends AutoCloseable {
    void runAll(List<PlannedPoint> points, Consumer<PlannedPoint> onStart, Consumer<ResultRow> onDone) throws InterruptedException;

    @Override default void close() { }
}
