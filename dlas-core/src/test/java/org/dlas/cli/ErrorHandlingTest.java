package org.dlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Errors are one line with what to do and an exit code that says what kind of problem it was. */
class ErrorHandlingTest {

    private static void assertNoStackTrace(CliTest.Run r) {
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "no stack trace without --verbose: " + r.err());
        assertFalse(r.err().contains("Exception:") && !r.err().contains("unexpected"), r.err());
    }

    @Test
    void unknownCommandWithHelpIsAUsageError() {
        // before: the top-level help and exit 0
        CliTest.Run r = CliTest.dlas("sim", "--help");
        assertEquals(Dlas.EXIT_USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("'sim'"), r.err());
        assertFalse(r.out().contains("Usage:"), r.out());
    }

    @Test
    void negativeImageCountIsAUsageErrorBeforeAnythingRuns() {
        CliTest.Run r = CliTest.dlas("difftest", "lenet", "--images", "-5");
        assertEquals(Dlas.EXIT_USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--images") && r.err().contains("at least 1, got -5"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void typedBadInputIsExit2WithItsMessageAsIs() {
        var bad = new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown primitive 'fft'; accepted names: direct, gemm").at("primitive");
        ErrorHandler.Failure f = ErrorHandler.classify(new RuntimeException("while preparing", bad));
        assertEquals(Dlas.EXIT_USAGE, f.exit());
        assertEquals("unknown primitive 'fft'; accepted names: direct, gemm", f.message());
    }

    @Test
    void unknownModelIsOneLineAndExit2() {
        CliTest.Run r = CliTest.dlas("export", "lenett", "x.onnx");
        assertEquals(Dlas.EXIT_USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("unknown model 'lenett'"), r.err());
    }

    @Test
    void exportToAMissingFolderIsAnIoErrorNamingIt(@TempDir Path dir) {
        Path target = dir.resolve("no/such/folder/lenet.onnx");
        CliTest.Run r = CliTest.dlas("export", "lenet", target.toString());
        assertEquals(Dlas.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().startsWith("dlas export: no such file or folder: " + target.getParent()), r.err());
        assertTrue(r.err().contains("--verbose"), "says how to see more: " + r.err());
        assertNoStackTrace(r);
    }

    @Test
    void exportToAFullDeviceIsAnIoError() {
        Path full = Path.of("/dev/full");
        if (!Files.exists(full)) throw new IllegalStateException("this test needs Linux's /dev/full");
        CliTest.Run r = CliTest.dlas("export", "lenet", full.toString());
        assertEquals(Dlas.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().startsWith("dlas export: I/O error: No space left on device"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) {
        CliTest.Run r = CliTest.dlas("export", "--verbose", "lenet", dir.resolve("missing/x.onnx").toString());
        assertEquals(Dlas.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().contains("\tat org.dlas.cli.ExportCommand"), r.err());
    }

    @Test
    void aDamagedStoreIsExit3WithAHint(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("results.db"), "this is not a database, it is just text that is long enough".repeat(100).getBytes());
        CliTest.Run r = CliTest.dlas("results", dir.toString());
        assertEquals(Dlas.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().contains(dir.resolve("results.db") + " is damaged"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void missingOrNonRegularOnnxModelsAreCaughtByValidate(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.onnx");
        Path f = dir.resolve("onnx.yaml");
        Files.writeString(f, "name: onnx\nmodel:\n  - {name: onnx, path: " + missing + "}\n  - {name: onnx, path: /dev/zero}\n"
                + "primitive: direct\nhardware: jvm\ncompression: none\n");
        CliTest.Run r = CliTest.dlas("validate", f.toString());
        assertEquals(Dlas.EXIT_USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("onnx.yaml:3:"), r.err());
        assertTrue(r.err().contains("no file " + missing), r.err());
        assertTrue(r.err().contains("onnx.yaml:4:") && r.err().contains("/dev/zero is not a regular file"), r.err());
    }

    @Test
    void aReportOfAStoreCanBeWrittenElsewhere(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        try (org.dlas.store.SqliteResultStore s = org.dlas.store.SqliteResultStore.open(store)) {
            s.put(org.dlas.store.TestRows.full("s", 1));
        }
        Path elsewhere = dir.resolve("elsewhere");
        CliTest.Run r = CliTest.dlas("report", store.toString(), "--output", elsewhere.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(elsewhere.resolve("report/report.md")), r.out());
        assertFalse(Files.exists(store.resolve("report")), "nothing written beside the store");
    }
}
