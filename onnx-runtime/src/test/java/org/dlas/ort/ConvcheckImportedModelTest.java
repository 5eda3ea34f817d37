package org.dlas.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code dlas convcheck} on an imported real classifier (PaddleOCR's MobileNetV3-small) and on a missing file. */
class ConvcheckImportedModelTest {
    private static final Path PADDLE_CLS = Path.of("..", "dlas-core", "src", "test", "resources", "org", "dlas", "onnx", "real",
            "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new ConvcheckCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test void importedModelConvertsWithoutFault(@TempDir Path dir) {
        String[] r = run(PADDLE_CLS.toString(), "--input-shape", "3x48x192", "--precision", "fp32", "--images", "8", "--agreeing", "1",
                "--no-repair", "--output", dir.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("testing on synthetic inputs") && r[1].contains("no fault: every node is within the tolerance"), r[1]);
    }

    @Test void missingFileIsOneLine(@TempDir Path dir) {
        String[] r = run(dir.resolve("none.onnx").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("none.onnx: no such file") && r[2].lines().count() == 1, r[2]);
    }
}
