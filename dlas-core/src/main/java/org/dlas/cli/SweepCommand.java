package org.dlas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.dlas.report.ReportWriter;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultsTable;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.PointExecutorProvider;
import org.dlas.sweep.SweepRunner;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every point of a sweep file and store the results (resumable: a rerun runs only the points not yet measured).",
                "Results go to the file's output directory: results.db (SQLite), results.csv, and with --report plots and report.md."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "sweep file (YAML)") Path file;

    @Option(names = {"-j", "--jobs"}, converter = org.dlas.cli.Counts.AtLeastOne.class, description = "points measured at once (default: ${DEFAULT-VALUE}; latency figures are cleaner with 1)")
    int jobs = 1;

    @Option(names = "--master", paramLabel = "URL", description = {"run the points on a cluster instead of this JVM: spark://HOST:PORT (see `dlas cluster`), local[N], local-cluster[W,C,MB], yarn, k8s://...;",
            "needs the cluster module on the class path; Spark settings come from -Dspark.* in DLAS_JAVA_OPTS"})
    String master;

    @Option(names = "--output", description = "override the sweep file's output directory") Path output;

    @Option(names = "--no-report", description = "do not write plots and report.md after the sweep") boolean noReport;

    @Override public Integer call() throws Exception {
        SweepSpec spec = SpecArguments.loadOrReport(file, System.err);
        if (spec == null) return Dlas.EXIT_USAGE;
        if (output != null) spec = new SweepSpec(spec.name(), spec.file(), spec.axes(), spec.measure(), output, spec.exclude(), spec.only());
        if (master != null) {
            try {
                PointExecutorProvider.forMaster(master);
            } catch (IllegalArgumentException e) {
                System.err.println("dlas sweep: " + e.getMessage());
                return Dlas.EXIT_USAGE;
            }
        }
        SweepRunner.Summary s = new SweepRunner(jobs, master, System.out).run(spec);
        try (SqliteResultStore store = SqliteResultStore.open(s.output())) {
            var rows = store.forSweep(spec.name());
            System.out.println(ResultsTable.renderWithoutRuleSkips(rows, ResultsTable.terminalWidth()));
            if (!noReport) System.out.println("report: " + ReportWriter.write(rows, s.output()));
        }
        System.out.printf("%d points: %d already measured, %d ok, %d errors, %d skipped%s; results in %s%n",
                s.points(), s.alreadyMeasured(), s.ok(), s.errors(), s.skipped(),
                master == null ? "" : ", " + s.retried() + " task" + (s.retried() == 1 ? "" : "s") + " retried", s.output());
        return s.errors() > 0 ? Dlas.EXIT_FAILURES : 0;
    }
}
