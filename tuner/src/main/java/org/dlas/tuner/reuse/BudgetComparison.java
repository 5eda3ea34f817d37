package org.dlas.tuner.reuse;

import java.util.ArrayList;
import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.tuner.tvm.CompiledLibrary;

/**
 * "Is reuse worth it?": speedup over untuned against the wall-clock time spent getting there, for
 * borrowing schedules (time: the reuse build) and for auto-scheduling the new model from scratch at
 * several trial budgets (time: tuning plus build). Donor databases are taken as already made: their
 * own tuning time is not charged to reuse.
 */
public final class BudgetComparison {

    /** One point of the comparison. {@code trials} is 0 for reuse and untuned. */
    public record Point(String method, String donors, int trials, double seconds, LatencyMeter.Latency latency, double speedup,
                        ReuseReport report) { }

    private final ReuseBench bench;

    public BudgetComparison(ReuseBench bench) { this.bench = bench; }

    /** Every ranked donor set as a reuse point, then one from-scratch point per budget, measured in this run. */
    public List<Point> compare(Graph g, DonorRanking.Result ranking, List<Integer> budgets) throws Exception {
        List<Point> points = new ArrayList<>();
        points.add(new Point("untuned", "", 0, ranking.untunedBuildSeconds(), ranking.untuned(), 1.0, null));
        for (DonorRanking.Entry e : ranking.ranked()) {
            points.add(new Point("reuse", String.join("+", e.donors()), 0, e.buildSeconds(), e.latency(), e.speedup(), e.report()));
        }
        for (int trials : budgets) {
            bench.progress().accept("auto-scheduling " + ranking.model() + " from scratch, " + trials + " trials");
            CompiledLibrary built = bench.builds().autoscheduled(g, trials);
            LatencyMeter.Latency lat = bench.meter().measure(built, g);
            points.add(new Point("scratch", "", trials, built.compileSeconds(), lat, ranking.untuned().medianMs() / lat.medianMs(), null));
        }
        return points;
    }
}
