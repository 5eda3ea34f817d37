package org.dlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.dlas.store.CsvExporter;
import org.dlas.store.ResultsTable;
import org.dlas.store.SqliteResultStore;

@Command(name = "results", mixinStandardHelpOptions = true, description = "Print the results stored in a sweep's output directory.")
final class ResultsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "a sweep's output directory") Path dir;

    @Option(names = "--csv", paramLabel = "FILE", description = "also export all rows as CSV to FILE") Path csv;

    @Option(names = "--all", description = "also list the points the sweep file's exclude/only rules skipped") boolean all;

    @Option(names = "--width", description = "table width in characters (default: ${DEFAULT-VALUE})") int width = ResultsTable.terminalWidth();

    @Override public Integer call() throws Exception {
        if (!Files.exists(dir.resolve("results.db"))) {
            System.err.println("no results in " + dir + " (expected " + dir.resolve("results.db") + "); run `dlas sweep FILE` first");
            return Dlas.EXIT_USAGE;
        }
        try (SqliteResultStore store = SqliteResultStore.openReadOnly(dir)) {
            var rows = store.all();
            System.out.println(all ? ResultsTable.render(rows, width) : ResultsTable.renderWithoutRuleSkips(rows, width));
            if (csv != null) {
                try (var w = java.nio.file.Files.newBufferedWriter(csv)) {
                    CsvExporter.write(rows, w);
                }
                System.out.println("wrote " + csv);
            }
        }
        return 0;
    }
}
