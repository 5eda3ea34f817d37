package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    /** Runs the CLI in-process, capturing stdout and stderr. */
    static record Run(int exit, String out, String err) { }

    static Run dlas(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int exit = Dlas.commandLine().execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("sweep", "validate", "results", "report", "list", "export")) {
            Run r = dlas(c, "--help");
            assertEquals(0, r.exit(), c);
            assertTrue(r.out().contains("Usage: dlas " + c), r.out());
        }
        assertEquals(0, dlas("--help").exit());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run r = dlas("swep");
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("sweep"), r.err());
    }

    @Test
    void everyShippedConfigValidates() throws Exception {
        Path configs = Path.of("..", "configs");
        List<String> files;
        try (Stream<Path> s = Files.list(configs)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
        }
        assertTrue(files.contains(configs.resolve("quickstart.yaml").toString()));
        Run r = dlas(prepend("validate", files));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("quickstart.yaml: ok"), r.out());
    }

    @Test
    void invalidSweepFileGivesFileLineAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: bad\nmodel: lenet\nprimitve: direct\nhardware: jvm\ncompression: none\n");
        Run r = dlas("validate", f.toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("bad.yaml:3:"), r.err());
        assertTrue(r.err().contains("primitive"), "suggests the nearest key: " + r.err());
    }

    @Test
    void listShowsEveryAxisAndTheJvmTarget() {
        Run r = dlas("list");
        assertEquals(0, r.exit());
        for (String axis : List.of("dataset:", "model:", "compression:", "primitive:", "codegen:", "hardware:")) {
            assertTrue(r.out().contains(axis), r.out());
        }
        assertTrue(r.out().contains("jvm"));
        assertTrue(r.out().contains("winograd"));
    }

    @Test
    void resultsOnAnEmptyDirectoryExplainsWhatToDo(@TempDir Path dir) {
        Run r = dlas("results", dir.toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("dlas sweep"), r.err());
    }

    private static String[] prepend(String first, List<String> rest) {
        String[] a = new String[rest.size() + 1];
        a[0] = first;
        for (int i = 0; i < rest.size(); i++) a[i + 1] = rest.get(i);
        return a;
    }
}
