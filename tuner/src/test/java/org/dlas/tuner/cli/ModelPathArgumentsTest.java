package org.dlas.tuner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dlas.cli.Dlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tune, reuse and tvm-bench resolve an .onnx path or a standard architecture like a zoo name, and
 * refuse a bad one in one line (exit 2) before anything is built or tuned.
 */
class ModelPathArgumentsTest {
    private static final Path PADDLE_CLS = Path.of("..", "dlas-core", "src", "test", "resources", "org", "dlas", "onnx", "real",
            "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    private record Run(int exit, String out, String err) { }

    private static Run dlas(String... args) {
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

    private static void refused(Run r, String... says) {
        assertEquals(Dlas.EXIT_USAGE, r.exit(), r.out() + r.err());
        for (String s : says) assertTrue(r.err().contains(s), "lacks '" + s + "': " + r.err());
        assertTrue(r.err().lines().count() <= 2 && !r.err().contains("\tat "), "one line and advice, no stack trace: " + r.err());
        assertTrue(!r.out().contains("tuning ") && !r.out().contains("donor "), "nothing ran: " + r.out());
    }

    @Test void tuneRefusesAMissingFileAnUnknownNameAndUnboundDims(@TempDir Path dir) {
        refused(dlas("tune", dir.resolve("none.onnx").toString(), "--trials", "1"), "none.onnx: no such file");
        refused(dlas("tune", "resnet9000", "--trials", "1"), "unknown model 'resnet9000'", "resnet18", ".onnx file");
        refused(dlas("tune", PADDLE_CLS.toString(), "--trials", "1"), "symbolic dims", "--input-shape CxHxW");
        // 3x48 is C x L (3x1x48): the classifier's last 2x2 MaxPool would see a 1-row input (TVM died dividing by zero)
        refused(dlas("tune", PADDLE_CLS.toString(), "--input-shape", "3x48", "--trials", "1"),
                "MaxPool node 'p2o.MaxPool.0': window 2x2 larger than the padded input 200x1x24");
    }

    @Test void reuseResolvesItsTargetFileAndRefusesABadDonorBeforeTuningAny(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(PADDLE_CLS), PADDLE_CLS.toAbsolutePath() + " is missing");
        // the target file imports (with its dims bound); the second donor is refused before the first is tuned
        refused(dlas("reuse", "--from", "lenet," + dir.resolve("gone.onnx"), "--to", PADDLE_CLS.toString(), "--input-shape", "3x48x192"),
                "donor '" + dir.resolve("gone.onnx") + "' is neither a database directory nor a model", "resnet18");
        refused(dlas("reuse", "--from", "lenet", "--to", dir.resolve("none.onnx").toString()), "none.onnx: no such file");
        refused(dlas("reuse", "--from", "lenet", "--to", PADDLE_CLS.toString()), "--input-shape CxHxW");
    }

    @Test void tvmBenchChecksEveryModelFirst(@TempDir Path dir) throws Exception {
        Path notOnnx = Files.writeString(dir.resolve("notes.onnx"), "not a model");
        refused(dlas("tvm-bench", "--models", "lenet," + notOnnx, "--trials", "0"), "notes.onnx is not a valid ONNX model");
        refused(dlas("tvm-bench", "--models", "resnet18,lenett", "--trials", "0"), "unknown model 'lenett'");
        refused(dlas("tvm-bench", "--models", PADDLE_CLS.toString(), "--trials", "0"), "--input-shape CxHxW");
    }

    /** A tiny imported model end to end: jvm, TVM untuned and ONNX Runtime on synthetic inputs (its input is not Fashion-MNIST's). */
    @Test void tvmBenchRunsATinyOnnxFile(@TempDir Path dir) throws Exception {
        java.util.Random r = new java.util.Random(4);
        org.dlas.kernels.ConvSpec c = new org.dlas.kernels.ConvSpec(2, 4, 3, 3, 1, 1, 1, 1, 1);
        org.dlas.ir.Graph g = new org.dlas.ir.Graph("tiny", java.util.List.of(
                org.dlas.ir.Node.of("x", new org.dlas.ir.Op.Input(2, 6, 6)),
                org.dlas.ir.Node.of("conv", new org.dlas.ir.Op.Conv2d(c, gaussian(r, c.weightCount()), gaussian(r, 4), null), "x"),
                org.dlas.ir.Node.of("act", new org.dlas.ir.Op.Sigmoid(), "conv"),
                org.dlas.ir.Node.of("fc", new org.dlas.ir.Op.Dense(144, 3, gaussian(r, 432), gaussian(r, 3), null), "act")));
        Path onnx = dir.resolve("tiny.onnx"), csv = dir.resolve("bench.csv");
        org.dlas.onnx.OnnxExporter.save(g, onnx);
        Run run = dlas("tvm-bench", "--models", onnx.toString(), "--trials", "0", "--warmup", "1", "--repeats", "3", "--check-images", "8",
                "--csv", csv.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("tiny: synthetic inputs"), run.out());
        java.util.List<String> rows = Files.readAllLines(csv);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("tiny,") && rows.get(1).endsWith(",true"), "labels agree with the jvm's: " + rows.get(1));
    }

    private static float[] gaussian(java.util.Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 0.3f;
        return v;
    }
}
