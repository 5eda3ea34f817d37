package org.dlas.tuner.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code dlas explore} on an imported real classifier (its layer shapes), a one-line error for a missing file, and counts checked as the command line is read. */
class ExploreImportedModelTest {
    private static final Path PADDLE_CLS = Path.of("..", "dlas-core", "src", "test", "resources", "org", "dlas", "onnx", "real",
            "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    @Test void importedModel() {
        ExploreCommand c = new ExploreCommand();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        c.out = new PrintStream(buf, true);
        int exit = new CommandLine(c).execute(PADDLE_CLS.toString(), "--input-shape", "3x48x192", "--time-limit", "2", "--images", "1");
        assertEquals(0, exit, buf.toString());
        assertTrue(buf.toString().contains("explore "), buf.toString());
    }

    @Test void negativeCountsAreUsageErrors() { // before: --images -1 ran without the confirmation, silently
        for (String[] bad : new String[][] {{"--images", "-1", "must be at least 0, got -1"}, {"--time-limit", "0", "must be at least 1, got 0"}}) {
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cl = org.dlas.cli.Dlas.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertEquals(2, cl.execute("explore", "lenet", bad[0], bad[1]), err.toString());
            assertTrue(err.toString().contains(bad[0]) && err.toString().contains(bad[2]), err.toString());
        }
    }

    @Test void missingFile() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = org.dlas.cli.Dlas.commandLine(); // with dlas's error handling: one line, exit 2
        cl.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, cl.execute("explore", "no/such/model.onnx"), err.toString());
        assertTrue(err.toString().contains("no/such/model.onnx: no such file"), err.toString());
        assertTrue(!err.toString().contains("\tat "), err.toString());
    }
}
