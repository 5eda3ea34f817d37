package org.dlas.sweep;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

import org.dlas.spec.PlannedPoint;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;

/**
 * A cluster-like executor for tests ({@code --master repeat://}): measures each point on the local
 * pool, then hands its row over a second time, as a cluster does when a task thought lost comes back
 * after its rerun. Registered in the test class path's META-INF/services.
 */
public final class RepeatingExecutorProvider implements PointExecutorProvider {
    @Override public boolean accepts(String master) { return master.equals("repeat://"); }

    @Override public String masterSyntax() { return "repeat://"; }

    @Override public PointExecutor create(String master, SweepSpec spec, PrintStream out) {
        LocalPointExecutor local = new LocalPointExecutor(new PointRunner(new Workbench()), 1);
        return new PointExecutor() {
            private int repeated;

            @Override public void runAll(List<PlannedPoint> points, Consumer<PlannedPoint> onStart, Consumer<ResultRow> onDone) throws InterruptedException {
                local.runAll(points, onStart, row -> {
                    onDone.accept(row);
                    repeated++;
                    onDone.accept(row);
                });
            }

            @Override public int retriedTasks() { return repeated; }

            @Override public void close() { local.close(); }
        };
    }
}
