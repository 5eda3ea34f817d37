package org.dlas.tuner.reuse;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dlas.cli.ModelArgument;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dlas reuse --from DB_OR_MODEL... --to MODEL}: build a model with schedules borrowed from
 * donor tuning databases, rank the donors by measured latency, and optionally compare with
 * auto-scheduling the model from scratch at several budgets.
 */
@Command(name = "reuse", mixinStandardHelpOptions = true,
        description = "Build a zoo model, standard architecture or .onnx file with tuned schedules borrowed from other models' MetaSchedule databases "
                + "(exact workload, else closest kernel of the same operator class, else TVM default), rank the donors by "
                + "measured latency, and optionally compare with auto-scheduling from scratch (--compare-budgets).")
public class ReuseCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    @Option(names = "--from", required = true, split = ",", paramLabel = "DB_OR_MODEL",
            description = "donors: database directories, zoo models, standard architectures or .onnx files (a model without a database is tuned first, --donor-trials)")
    List<String> from;

    @Option(names = "--to", required = true, paramLabel = "MODEL", description = "the model to build: zoo model, standard architecture or .onnx file")
    String to;

    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "per-image input dims of the --to ONNX file if its dims are symbolic")
    String inputShape;

    @Option(names = "--primitive", defaultValue = TuningDatabases.DEFAULT_PRIMITIVE, description = "conv primitive (default ${DEFAULT-VALUE})")
    String primitive;

    @Option(names = "--donor-trials", converter = org.dlas.cli.Counts.AtLeastOne.class, defaultValue = "64", description = "trials for donors that must be tuned first (default ${DEFAULT-VALUE})")
    int donorTrials;

    @Option(names = "--compare-budgets", split = ",", paramLabel = "N", description = "also auto-schedule MODEL from scratch with these trial budgets")
    List<Integer> budgets = new ArrayList<>();

    @Option(names = "--runs", converter = org.dlas.cli.Counts.AtLeastOne.class, defaultValue = "50", description = "timed inference calls per build (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", converter = org.dlas.cli.Counts.AtLeastZero.class, defaultValue = "10", description = "untimed calls first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--kernels", description = "print every kernel's match for the best donor set")
    boolean kernels;

    @Option(names = "--out", paramLabel = "DIR", description = "write ranking.json and, with --compare-budgets, reuse-vs-scratch.csv/.png/.svg")
    Path out;

    PrintStream stdout = System.out;

    @Override public Integer call() throws Exception {
        Graph g = ModelArgument.load(to, ModelZoo.DEFAULT_DATASET, ModelArgument.parseShape(inputShape)); // bad input: exit 2 before any build
        TuningDatabases store = TuningDatabases.standard();
        List<TuningDatabase> donors = store.resolveAll(from, primitive, 1, donorTrials);
        for (TuningDatabase d : donors) stdout.println("donor " + d.describe());
        LatencyMeter meter = new LatencyMeter(warmup, runs, ModelArgument.inputsFor(g, Datasets.load(Datasets.FASHION_MNIST).test(), 16, 1));
        ReuseBuilds builds = new ReuseBuilds(store.compiler(), primitive);
        String name = ModelArgument.stem(to);
        ReuseBench bench = new ReuseBench(builds, meter, m -> stdout.println("... " + m));
        DonorRanking.Result ranking = new DonorRanking(bench).rank(name, g, donors);
        printRanking(ranking, stdout);
        if (kernels) printKernels(ranking.best(), stdout);
        if (out != null) {
            Files.createDirectories(out);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("ranking.json").toFile(), ranking);
            stdout.println("wrote " + out.resolve("ranking.json"));
        }
        if (!budgets.isEmpty()) {
            List<BudgetComparison.Point> points = new BudgetComparison(bench).compare(g, ranking, budgets);
            printComparison(points, stdout);
            for (TuningDatabase d : donors) {
                if (d.about().has("tuning_seconds")) {
                    stdout.printf(Locale.ROOT, "donor %s was tuned once with %d trials in %.0f s (not charged to reuse above)%n", d.name(),
                            d.about().path("trials").asInt(), d.about().path("tuning_seconds").asDouble());
                }
            }
            if (out != null) for (Path p : ComparisonFiles.write(out, name, points, meter.howMeasured())) stdout.println("wrote " + p);
        }
        return 0;
    }

    static void printRanking(DonorRanking.Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%n%s: donors ranked by median latency (%s)%n", r.model(), r.howMeasured());
        out.printf("%-28s %6s %8s %5s %8s %8s %11s %8s%n", "donor", "exact", "closest", "none", "replay", "reuse s", "latency ms", "speedup");
        out.printf(Locale.ROOT, "%-28s %6s %8s %5s %8s %8.1f %11.4f %8s%n", "(untuned, TVM default)", "", "", "", "", r.untunedBuildSeconds(),
                r.untuned().medianMs(), "1.00x");
        for (DonorRanking.Entry e : r.ranked()) {
            ReuseReport k = e.report();
            out.printf(Locale.ROOT, "%-28s %6d %8d %5d %8d %8.1f %11.4f %7.2fx%n", e.label(), k.count(ReuseRule.EXACT), k.count(ReuseRule.CLOSEST),
                    k.count(ReuseRule.NONE), k.replayFailures(), e.buildSeconds(), e.latency().medianMs(), e.speedup());
        }
        out.println("best: " + r.best().label() + "; reuse s = wall clock of the reuse build (matching, replay, TVM build), "
                + "replay = failed replays (tried the next candidate)");
    }

    static void printKernels(DonorRanking.Entry e, PrintStream out) {
        out.println("\nkernels of the build with " + e.label() + ":");
        for (KernelReuse k : e.report().kernels()) {
            out.printf(Locale.ROOT, "  %-44s %-16s %-26s %-8s %s%s%n", k.task(), k.operatorClass(), k.extents(), k.rule().name().toLowerCase(Locale.ROOT),
                    k.donor() == null ? "" : k.donor() + ": " + k.donorKernel() + String.format(Locale.ROOT, " (distance %.2f, %s)", k.distance(), k.replayedAs()),
                    k.replayFailures() > 0 ? ", " + k.replayFailures() + " failed replays" : "");
        }
    }

    static void printComparison(List<BudgetComparison.Point> points, PrintStream out) {
        out.printf("%nreuse vs auto-scheduling from scratch (seconds: wall clock of the build incl. tuning; donors' own tuning not charged)%n");
        out.printf("%-9s %-24s %7s %9s %11s %8s%n", "method", "donors", "trials", "seconds", "latency ms", "speedup");
        for (BudgetComparison.Point p : points) {
            out.printf(Locale.ROOT, "%-9s %-24s %7s %9.1f %11.4f %7.2fx%n", p.method(), p.donors(), p.trials() == 0 ? "" : String.valueOf(p.trials()),
                    p.seconds(), p.latency().medianMs(), p.speedup());
        }
    }
}
