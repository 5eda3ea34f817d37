package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        for (String c : List.of("sweep", "validate", "results", "report", "list", "export", "inspect", "infer", "difftest", "mutate", "faults", "repair")) {
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
    void validSweepFileValidatesWithItsPointCount(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, "name: ok\nmodel: [lenet, resnet]\nprimitive: [direct, gemm]\nhardware: jvm\ncompression: none\n"
                + "exclude:\n  - {model: resnet, primitive: direct}\n");
        Run r = dlas("validate", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ok.yaml: ok (4 points, 1 skipped by rules)"), r.out());
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
}
