package org.dlas.cluster;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.dlas.cli.Dlas;
import org.dlas.spec.SpecError;
import org.dlas.spec.SpecException;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.StackCatalog;
import org.dlas.sweep.SweepRunner;

/**
 * Wall time of one sweep run four ways, each from an empty store: local with 1 and 2 jobs, and on
 * a loopback Spark standalone cluster with 1 and then 2 single-core workers. Spark's cost is split
 * into the fixed start (application and executors) and the per-point gap: on one single-core
 * worker points run one after another, so the time between the first point's start and the last
 * one's end, less the time spent inside points, is what Spark adds per point.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time one sweep locally (--jobs 1, --jobs 2) and on a loopback Spark cluster (1 and 2 single-core workers); prints the Spark path's overhead per point.")
final class SparkBench implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "sweep file (YAML); its output directory is not touched") Path file;
    @Option(names = "--worker-memory", description = "memory each worker offers its executor (default: ${DEFAULT-VALUE})") String workerMemory = "1g";
    @Option(names = "--prefetch", description = "start the workers in prefetch mode (see `dlas cluster worker --prefetch`)") boolean prefetch;

    private record Run(String how, double wallSeconds, List<ResultRow> rows) { }

    @Override public Integer call() throws Exception {
        SweepSpec spec;
        try {
            spec = SpecLoader.load(file, new StackCatalog());
        } catch (SpecException e) {
            for (SpecError error : e.errors()) System.err.println(error);
            return Dlas.EXIT_USAGE;
        }
        if (System.getProperty("spark.executor.memory") == null) System.setProperty("spark.executor.memory", workerMemory);
        Path dir = Files.createTempDirectory("dlas-spark-bench");
        List<Run> runs = new ArrayList<>();
        runs.add(run(spec, dir.resolve("local-1"), 1, null, "local --jobs 1"));
        runs.add(run(spec, dir.resolve("local-2"), 2, null, "local --jobs 2"));
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"))) {
            String mode = prefetch ? " (prefetch)" : "";
            cluster.addWorker(1, workerMemory, prefetch);
            runs.add(run(spec, dir.resolve("spark-1"), 1, cluster.url(), "spark, 1 worker x 1 core" + mode));
            cluster.addWorker(1, workerMemory, prefetch);
            runs.add(run(spec, dir.resolve("spark-2"), 1, cluster.url(), "spark, 2 workers x 1 core" + mode));
        }
        print(spec, runs);
        System.out.println("stores and daemon logs: " + dir);
        return 0;
    }

    private static Run run(SweepSpec spec, Path out, int jobs, String master, String how) throws Exception {
        SweepSpec s = new SweepSpec(spec.name(), spec.file(), spec.axes(), spec.measure(), out, spec.exclude(), spec.only());
        long t0 = System.nanoTime();
        // only the Spark path's own lines (e.g. where its tasks spend their time) are shown
        PrintStream sparkLines = new PrintStream(new java.io.ByteArrayOutputStream() {
            @Override public void flush() {
                for (String line : toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("spark: ") && line.contains("tasks, mean ms")) System.out.println("  " + how + ": " + line.substring(7));
                }
                reset();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        new SweepRunner(jobs, master, master == null ? new PrintStream(OutputStream.nullOutputStream()) : sparkLines).run(s);
        double wall = (System.nanoTime() - t0) / 1e9;
        try (SqliteResultStore store = SqliteResultStore.open(out)) {
            List<ResultRow> rows = store.forSweep(spec.name());
            System.out.printf(Locale.ROOT, "%-38s %7.1f s (%d rows)%n", how, wall, rows.size());
            return new Run(how, wall, rows);
        }
    }

    private static void print(SweepSpec spec, List<Run> runs) {
        Run local1 = runs.get(0);
        Run spark1 = runs.get(2);
        int n = spark1.rows().size();
        Span s = Span.of(spark1.rows());
        Span l = Span.of(local1.rows());
        double startup = spark1.wallSeconds() - s.seconds();
        double gap = n > 1 ? (s.seconds() - s.busy()) / (n - 1) : 0;
        double localGap = n > 1 ? (l.seconds() - l.busy()) / (n - 1) : 0;
        double meanPoint = s.busy() / n;
        System.out.printf(Locale.ROOT, "%nsweep %s, %d points, mean point %.2f s (inside the point, on one single-core worker)%n", spec.name(), n, meanPoint);
        for (Run r : runs) System.out.printf(Locale.ROOT, "  %-38s %7.1f s  (%.2fx local --jobs 1)%n", r.how(), r.wallSeconds(), local1.wallSeconds() / r.wallSeconds());
        System.out.printf(Locale.ROOT, "spark path: %.1f s to start the application and its executor, then %.0f ms between points "
                + "(local: %.0f ms), %.1f %% of a mean point%n", startup, gap * 1000, localGap * 1000, 100 * gap / meanPoint);
        System.out.printf(Locale.ROOT, "spark path overall: %+.1f s against local --jobs 1, %.0f ms per point including the start%n",
                spark1.wallSeconds() - local1.wallSeconds(), 1000 * (spark1.wallSeconds() - local1.wallSeconds()) / n);
    }

    /** From the first point's start to the last point's end, and the time spent inside points. */
    private record Span(double seconds, double busy) {
        static Span of(List<ResultRow> rows) {
            Instant first = rows.stream().map(r -> Instant.parse(r.startedAt())).min(Comparator.naturalOrder()).orElseThrow();
            double end = rows.stream().mapToDouble(r -> seconds(first, Instant.parse(r.startedAt())) + r.elapsedSeconds()).max().orElseThrow();
            return new Span(end, rows.stream().mapToDouble(ResultRow::elapsedSeconds).sum());
        }

        private static double seconds(Instant from, Instant to) { return java.time.Duration.between(from, to).toNanos() / 1e9; }
    }
}
