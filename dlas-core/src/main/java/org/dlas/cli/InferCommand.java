package org.dlas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.dlas.compression.CalibrationData;
import org.dlas.data.Npy;
import org.dlas.ir.Graph;
import org.dlas.ir.Shape;
import org.dlas.models.ModelZoo;
import org.dlas.robust.Environment;
import org.dlas.target.PreparedModel;

/** {@code dlas infer}: a model's raw outputs on the user's inputs, in one environment. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Run a zoo model or an ONNX file on inputs from a NumPy .npy file ([N, C, H, W], or one image [C, H, W]) or a folder of",
                "PNG/JPEG images (scaled to [0, 1], resized to the model's input, grey replicated, then (x - mean) / std),",
                "in one environment (target[settings]/primitive[/fp32|int8], as for difftest) and write the raw outputs",
                "as .npy ([N, outputs]) or .csv (one row per image with its top-1 class). int8 calibrates on the inputs.",
                "A folder with one sub-folder per class (and no images of its own) is labelled: classes in name order, top-1 printed."})
final class InferCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "zoo model name or .onnx file") String model;
    @Option(names = "--input", required = true, paramLabel = "FILE.npy|DIR",
            description = "input images: a .npy (float32/float64/uint8, NCHW) or a folder of PNG/JPEG images (name order), or of one sub-folder of them per class") Path input;
    @Option(names = "--mean", split = ",", paramLabel = "M", description = "per-channel mean subtracted from folder images in [0, 1] (default: 0)")
    float[] mean = {0f};
    @Option(names = "--std", split = ",", paramLabel = "S", description = "per-channel divisor of folder images (default: 1)")
    float[] std = {1f};
    @Option(names = "--env", paramLabel = "ENV", description = "environment (default: ${DEFAULT-VALUE})") String env = "jvm/direct";
    @Option(names = "--output", required = true, paramLabel = "OUT.npy|OUT.csv", description = "where the outputs go") Path output;
    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "per-image input dims for an ONNX file whose dims are symbolic") String inputShape;
    @Option(names = "--dataset", description = "data set a zoo model is trained on (default: ${DEFAULT-VALUE})") String dataset = ModelZoo.DEFAULT_DATASET;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npy") && !name.endsWith(".csv")) {
            err.println("--output " + output + ": expected a .npy or .csv file name");
            return Dlas.EXIT_USAGE;
        }
        Graph g;
        Environment environment;
        Npy.Array x;
        org.dlas.data.Dataset labelled = null;
        try {
            environment = Environment.parse(env);
            g = ModelArgument.load(model, dataset, ModelArgument.parseShape(inputShape));
            if (Files.isDirectory(input) && org.dlas.data.LabelledImageFolder.isLabelled(input)) {
                labelled = org.dlas.data.LabelledImageFolder.load(input, g.inputShape(), mean, std);
                x = new Npy.Array(new long[] {labelled.size(), g.inputShape().channels(), g.inputShape().height(), g.inputShape().width()},
                        labelled.images());
            } else {
                x = Files.isDirectory(input) ? folder(input, g.inputShape()) : Npy.read(input);
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return Dlas.EXIT_USAGE;
        }
        Shape in = g.inputShape();
        int n = images(x, in);
        if (n < 0) {
            err.println(input + ": shape " + Arrays.toString(x.shape()) + " does not hold images of " + in + " (" + in.size()
                    + " values each); expected [N, " + in.channels() + ", " + in.height() + ", " + in.width() + "] or one image without N");
            return Dlas.EXIT_USAGE;
        }
        float[] y;
        long start = System.nanoTime();
        try (PreparedModel prepared = environment.prepare(environment.convert(g, new CalibrationData(x.values(), n)))) {
            y = prepared.infer(x.values(), n);
        }
        double ms = (System.nanoTime() - start) / 1e6;
        int classes = y.length / n;
        if (name.endsWith(".npy")) Npy.write(output, new long[] {n, classes}, y);
        else writeCsv(output, y, n, classes);
        out.printf(Locale.ROOT, "%s on %s: %d image(s) of %s -> %d output(s) each, %.1f ms; written to %s%n", g.name(), environment, n, in,
                classes, ms, output);
        if (labelled != null) out.println(accuracy(labelled, y, classes));
        out.flush();
        return 0;
    }

    /** Top-1 on a labelled folder, or why there is none (its classes are the sub-folders, in name order). */
    static String accuracy(org.dlas.data.Dataset labelled, float[] y, int classes) {
        if (classes != labelled.classes()) {
            return "no accuracy: the model has " + classes + " outputs, the folder " + labelled.classes() + " classes " + labelled.classNames();
        }
        int right = 0;
        for (int i = 0; i < labelled.size(); i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (y[i * classes + c] > y[i * classes + best]) best = c;
            if (best == labelled.labels()[i]) right++;
        }
        return String.format(Locale.ROOT, "top-1 on the folder's labels %s: %d of %d (%.1f %%)", labelled.classNames(), right, labelled.size(),
                100.0 * right / labelled.size());
    }

    private Npy.Array folder(Path dir, Shape in) throws IOException {
        java.util.List<Path> files = org.dlas.data.ImageFolder.files(dir);
        float[] v = org.dlas.data.ImageFolder.load(files, in, mean, std);
        return new Npy.Array(new long[] {files.size(), in.channels(), in.height(), in.width()}, v);
    }

    /** How many images of {@code in} the array holds, or -1 when its dims do not fit. */
    private static int images(Npy.Array x, Shape in) {
        long[] d = x.shape();
        long per = 1;
        for (int i = 1; i < d.length; i++) per *= d[i];
        if (d.length >= 2 && per == in.size() && d[0] > 0) return (int) d[0];
        return x.count() == in.size() && d.length >= 1 ? 1 : -1;
    }

    private static void writeCsv(Path file, float[] y, int n, int classes) throws IOException {
        StringBuilder b = new StringBuilder("image,top1");
        for (int c = 0; c < classes; c++) b.append(",out_").append(c);
        b.append('\n');
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (y[i * classes + c] > y[i * classes + best]) best = c;
            b.append(i).append(',').append(best);
            for (int c = 0; c < classes; c++) b.append(',').append(y[i * classes + c]);
            b.append('\n');
        }
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, b);
    }
}
