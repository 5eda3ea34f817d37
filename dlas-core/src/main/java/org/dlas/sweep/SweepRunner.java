package org.dlas.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dlas.spec.PlannedPoint;
import org.dlas.spec.SweepPlan;
import org.dlas.spec.SweepSpec;
import org.dlas.store.CsvMirror;
import org.dlas.store.ResultRow.Status;
import org.dlas.store.SqliteResultStore;

/**
 * Runs a sweep: expands the spec into points, skips those already measured in the output
 * directory's store (resume by point hash), runs the rest through the executor and commits each
 * row as soon as it exists, so an interrupted sweep loses nothing it measured. Error and skipped
 * rows are re-evaluated on a rerun; OK rows never are. results.csv follows the store ({@link CsvMirror}).
 */
public final class SweepRunner {

    /** {@code retried}: attempts an executor ran again (a lost cluster worker's points); their late duplicates are not stored twice. */
    public record Summary(int points, int alreadyMeasured, int ok, int errors, int skipped, int retried, Path output) { }

    private final int jobs;
    private final String master;
    private final PrintStream out;

    public SweepRunner(int jobs, PrintStream out) {
        this(jobs, null, out);
    }

    /** {@code master}: null for the local pool of {@code jobs} threads, else a cluster URL for a {@link PointExecutorProvider}. */
    public SweepRunner(int jobs, String master, PrintStream out) {
        this.jobs = jobs;
        this.master = master;
        this.out = out;
    }

    public Summary run(SweepSpec spec) throws Exception {
        List<PlannedPoint> plan = ModelSource.identifiedByContent(SweepPlan.expand(spec));
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            Set<String> measured = store.hashesWithStatus(Status.OK);
            List<PlannedPoint> todo = new ArrayList<>();
            for (PlannedPoint p : plan) if (!measured.contains(p.point().hash())) todo.add(p);
            int already = plan.size() - todo.size();
            out.printf("sweep %s: %d points, %d already measured in %s, %d to run%n",
                    spec.name(), plan.size(), already, spec.output(), todo.size());
            int[] counts = new int[Status.values().length];
            CsvMirror csv = new CsvMirror(store, spec.output());
            Set<String> storedNow = new HashSet<>();
            int retried;
            try (Progress progress = Progress.create(spec.name(), todo.size(), out);
                 PointExecutor executor = executorFor(spec)) {
                executor.runAll(todo, progress::started, row -> {
                    synchronized (store) {
                        // a point runs once per sweep: a second row for it (an attempt that came back late) is ignored
                        if (!storedNow.add(row.pointHash())) return;
                        store.put(row);
                        counts[row.status().ordinal()]++;
                        csv.committed();
                    }
                    progress.finished(row);
                });
                retried = executor.retriedTasks();
            }
            csv.flush();
            return new Summary(plan.size(), already, counts[Status.OK.ordinal()], counts[Status.ERROR.ordinal()],
                    counts[Status.SKIPPED.ordinal()], retried, spec.output());
        }
    }

    private PointExecutor executorFor(SweepSpec spec) {
        if (master == null) return new LocalPointExecutor(new PointRunner(new Workbench()), jobs);
        return PointExecutorProvider.forMaster(master).create(master, spec, out);
    }
}
