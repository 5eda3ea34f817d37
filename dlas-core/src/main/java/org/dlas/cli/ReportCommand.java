package org.dlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.dlas.report.ReportWriter;
import org.dlas.store.SqliteResultStore;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write plots (PNG and SVG) and a Markdown summary for a sweep's output directory, into DIR/report/.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "a sweep's output directory") Path dir;

    @picocli.CommandLine.Option(names = "--output", paramLabel = "OUT",
            description = "write into OUT/report/ instead, e.g. when DIR is on read-only media") Path output;

    @Override public Integer call() throws Exception {
        if (!Files.exists(dir.resolve("results.db"))) {
            System.err.println("no results in " + dir + " (expected " + dir.resolve("results.db") + "); run `dlas sweep FILE` first");
            return Dlas.EXIT_USAGE;
        }
        try (SqliteResultStore store = SqliteResultStore.openReadOnly(dir)) {
            System.out.println("wrote " + ReportWriter.write(store.all(), output != null ? output : dir));
        }
        return 0;
    }
}
