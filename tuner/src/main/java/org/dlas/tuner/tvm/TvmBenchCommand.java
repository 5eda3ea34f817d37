package org.dlas.tuner.tvm;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dlas.cli.InputShapeOption;
import org.dlas.cli.ModelArgument;
import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Shape;
import org.dlas.models.ModelZoo;
import org.dlas.target.Targets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlas tvm-bench}: jvm vs TVM untuned vs TVM auto-scheduled vs ONNX Runtime latency per model, in one run. */
@Command(name = "tvm-bench", mixinStandardHelpOptions = true,
        description = "For each model (zoo model, standard architecture or .onnx file), measure the jvm reference kernels, TVM untuned, TVM auto-scheduled "
                + "(MetaSchedule) and ONNX Runtime on this CPU in one run; print latency ratios to ONNX Runtime and the tuning time spent.")
public class TvmBenchCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    @Option(names = "--models", split = ",", defaultValue = "lenet,vgg,resnet,mobilenetv2,densenet", description = "zoo models, standard architectures or .onnx files (default ${DEFAULT-VALUE})")
    List<String> models;

    @Mixin InputShapeOption inputShape;

    @Option(names = "--primitive", defaultValue = "direct", description = "conv primitive for all three (default ${DEFAULT-VALUE})")
    String primitive;

    @Option(names = "--trials", converter = org.dlas.cli.Counts.AtLeastZero.class, defaultValue = "64", description = "MetaSchedule trials per model; 0 leaves auto-scheduling out (default ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--cost-model", defaultValue = "learned", description = "random or learned (default ${DEFAULT-VALUE})")
    String costModel;

    @Option(names = "--batch", converter = org.dlas.cli.Counts.AtLeastOne.class, defaultValue = "1", description = "images per call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--warmup", converter = org.dlas.cli.Counts.AtLeastZero.class, defaultValue = "10") int warmup;
    @Option(names = "--repeats", defaultValue = "50") int repeats;

    @Option(names = "--check-images", defaultValue = "200", description = "test images whose labels are compared with the jvm's")
    int checkImages;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the figures as CSV")
    Path csv;

    PrintStream out = System.out;

    @Override public Integer call() throws Exception {
        Shape shape = inputShape.shape();
        for (String m : models) { // every model named, before anything is measured
            // an unknown name or a file that does not import throws its one-line reason; zoo models are not trained yet
            if (ModelArgument.isFile(m) || !ModelArgument.isModel(m)) ModelArgument.load(m, ModelZoo.DEFAULT_DATASET, shape);
        }
        if (trials < 0) {
            System.err.println("--trials must be >= 0 (0 leaves auto-scheduling out), got " + trials);
            return 2;
        }
        CodegenComparison.Settings s = new CodegenComparison.Settings(primitive, trials, costModel, batch, warmup, repeats, checkImages);
        Dataset test = Datasets.load(Datasets.FASHION_MNIST).test();
        CodegenComparison comparison = new CodegenComparison(Targets.get("cpu"));
        List<CodegenComparison.Row> rows = new ArrayList<>();
        out.println("jvm, TVM untuned, " + (s.tuned() ? "TVM auto-scheduled (" + trials + " trials), " : "") + "ONNX Runtime per model,"
                + " measured one after the other in this process:");
        out.println(CodegenComparison.machine());
        out.println(CodegenComparison.header());
        for (String m : models) {
            Graph g = ModelArgument.load(m, ModelZoo.DEFAULT_DATASET, shape);
            Dataset images = ModelArgument.inputsFor(g, test, Math.max(checkImages, batch), 1); // synthetic where the data set does not fit
            if (!images.name().equals(test.name())) out.println(ModelArgument.stem(m) + ": " + images.name());
            CodegenComparison.Row row = comparison.compare(ModelArgument.stem(m), g, images, s);
            rows.add(row);
            out.println(CodegenComparison.line(row, s));
            if (s.tuned()) out.println("  tuned: " + row.notes() + "; " + CodegenComparison.loadAverage());
            if (csv != null) writeCsv(rows); // kept up to date: a later failure loses nothing measured
        }
        out.println();
        out.println(CodegenComparison.howMeasured(s));
        return 0;
    }

    private void writeCsv(List<CodegenComparison.Row> rows) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        lines.add("model,jvm_ms,untuned_ms,tuned_ms,ort_ms,jvm_over_ort,untuned_over_ort,tuned_over_ort,tuned_over_untuned,trials,tuning_s,"
                + "tuning_records,labels_agree");
        for (CodegenComparison.Row r : rows) {
            lines.add(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%.3f,%d,%.1f,%d,%b", r.model(), r.jvm().medianMs(),
                    r.untuned().medianMs(), r.tuned() == null ? Double.NaN : r.tuned().medianMs(), r.ort().medianMs(), r.overOrt(r.jvm()),
                    r.overOrt(r.untuned()), r.overOrt(r.tuned()), r.tunedOverUntuned(), trials, r.tuningSeconds(), r.tuningRecords(),
                    r.labelsAgree()));
        }
        if (csv.getParent() != null) Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
    }
}
