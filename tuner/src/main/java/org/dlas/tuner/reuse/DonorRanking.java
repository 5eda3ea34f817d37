package org.dlas.tuner.reuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.tuner.tvm.CompiledLibrary;

/**
 * Ranks donor databases for one new model by what they actually buy: the model is built with each
 * donor alone and, when there are several, with all of them together; every build is measured
 * ({@link LatencyMeter}) and compared with the untuned build. The best donor set is the one with
 * the lowest median latency.
 */
public final class DonorRanking {

    /** One candidate donor set, built and measured. */
    public record Entry(String label, List<String> donors, ReuseReport report, double buildSeconds,
                        LatencyMeter.Latency latency, double speedup, String build) { }

    /** Untuned baseline plus candidates, fastest first. */
    public record Result(String model, LatencyMeter.Latency untuned, double untunedBuildSeconds, List<Entry> ranked, String howMeasured) {
        public Entry best() { return ranked.get(0); }
    }

    private final ReuseBench bench;

    public DonorRanking(ReuseBench bench) { this.bench = bench; }

    /** The donor sets tried: each donor alone, then all of them together when there are two or more. */
    public static List<List<TuningDatabase>> candidateSets(List<TuningDatabase> donors) {
        List<List<TuningDatabase>> sets = new ArrayList<>();
        for (TuningDatabase d : donors) sets.add(List.of(d));
        if (donors.size() > 1) sets.add(List.copyOf(donors));
        return sets;
    }

    public Result rank(String model, Graph g, List<TuningDatabase> donors) throws Exception {
        bench.progress().accept("building " + model + " untuned");
        CompiledLibrary untunedBuild = bench.builds().untuned(g);
        LatencyMeter.Latency untuned = bench.meter().measure(untunedBuild, g);
        List<Entry> entries = new ArrayList<>();
        for (List<TuningDatabase> set : candidateSets(donors)) {
            List<String> names = set.stream().map(TuningDatabase::name).toList();
            String label = set.size() == 1 ? names.get(0) : "all (" + String.join("+", names) + ")";
            bench.progress().accept("building " + model + " with schedules from " + label);
            CompiledLibrary built = bench.builds().reuse(g, set);
            LatencyMeter.Latency lat = bench.meter().measure(built, g);
            entries.add(new Entry(label, names, ReuseReport.of(built), built.compileSeconds(), lat, untuned.medianMs() / lat.medianMs(),
                    built.dir().getFileName().toString()));
        }
        entries.sort(Comparator.comparingDouble(e -> e.latency().medianMs()));
        return new Result(model, untuned, untunedBuild.compileSeconds(), List.copyOf(entries), bench.meter().howMeasured());
    }
}
