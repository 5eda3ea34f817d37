package org.dlas.accel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code dlas sim scalesim} on SCALE-Sim's own input files writes SCALE-Sim's three reports line for
 * line: the expected files are SCALE-Sim v2's output for the same cfg and topology (conv layers with
 * stride, a depthwise "DP" layer, a dense layer; USER bandwidth small enough to stall).
 */
class ScaleSimCommandTest {
    static final Path CASE = Path.of("src/test/resources/scalesim/cli");

    @Test
    void writesScaleSimsReportsForItsOwnInputs(@TempDir Path out) throws Exception {
        ScaleSimCommand cmd = new ScaleSimCommand();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        cmd.stdout = new PrintStream(text);
        int rc = new CommandLine(cmd).execute("-c", CASE.resolve("arch.cfg").toString(), "-t", CASE.resolve("topology.csv").toString(),
                "-p", out.toString());
        assertEquals(0, rc);
        for (String report : List.of("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"))
            assertEquals(Files.readAllLines(CASE.resolve("expected").resolve(report)), Files.readAllLines(out.resolve("cli_case").resolve(report)), report);
        assertTrue(text.toString().contains("layer 1 Conv2: 4474 cycles, 2819 stall cycles"), text.toString());
    }

    @Test
    void badInputIsAOneLineErrorWithExitCode2(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "[architecture_presets]\nArrayHeight: zero\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err));
        try {
            int rc = new CommandLine(new SimCommand()).execute("scalesim", "-c", cfg.toString(), "-t", CASE.resolve("topology.csv").toString(), "-p", dir.toString());
            assertEquals(2, rc);
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().strip().matches(".*bad\\.cfg:2: key 'arrayheight' = 'zero': expected an integer >= 1"), err.toString());
    }
}
