package org.dlas.robust;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.dlas.cli.ModelArgument;
import org.dlas.cli.ModelOptions;
import org.dlas.compression.CalibrationData;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

/** {@code dlas difftest}: one model, several environments, every pair compared. */
@Command(name = "difftest", mixinStandardHelpOptions = true,
        description = {"Differential testing: run a zoo model on the same test images in several environments",
                "(target[settings]/primitive[/fp32|int8], e.g. cpu[opt_level=0]/direct) and compare every pair: label differences, output differences, time.",
                "Writes difftest.csv, differing-images.csv (each side's top-5), label-diff-matrix.png and difftest.md."})
public final class DifftestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Option(names = "--envs", description = {"comma-separated environments, e.g. jvm/direct,onnxruntime[optimization=disabled]/direct,",
            "cpu[opt_level=0]/direct,cpu[autoscheduled,trials=16]/gemm,systolic[rows=16,cols=16]/direct,jvm/gemm/int8",
            "(default: the same as `dlas mutate`)"}) String envs;
    @Option(names = "--images", converter = org.dlas.cli.Counts.AtLeastOne.class, description = "test images (default: ${DEFAULT-VALUE})") int images = 1000;
    @Option(names = "--calibration", converter = org.dlas.cli.Counts.AtLeastOne.class, description = "calibration images for int8 (default: ${DEFAULT-VALUE})") int calibration = 200;
    @Option(names = "--output", description = "output directory (default: out/difftest-MODEL)") Path output;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Graph graph = model.load(err);
        if (graph == null) return 2;
        List<Environment> environments;
        try {
            environments = envs == null ? MutateCommand.defaultEnvironments() : Environment.parseAll(envs);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        DatasetSplits data = Datasets.load(ModelZoo.DEFAULT_DATASET);
        Dataset test = ModelArgument.inputsFor(graph, data.test(), images, 1);
        Dataset calib = ModelArgument.inputsFor(graph, data.calibration(), calibration, 2);
        if (!test.name().equals(data.test().name())) out.println("testing on " + test.name());
        String name = model.stem();
        DiffTest.Result r = DiffTest.run(name, graph, environments, test, new CalibrationData(calib.images(), calib.size()));
        Path dir = output != null ? output : Path.of("out", "difftest-" + name);
        DiffTest.write(r, dir);
        int width = environments.stream().mapToInt(e -> e.label().length()).max().orElse(10);
        for (DiffTest.Pair p : r.pairs()) {
            if (p.a().label().compareTo(p.b().label()) < 0) {
                out.printf(Locale.ROOT, "%-" + width + "s vs %-" + width + "s labels differ on %6.2f%% of %d images, max output diff %.3g%n",
                        p.a(), p.b(), 100 * p.labelDiff(), r.images(), p.maxDiff());
            }
        }
        for (DiffTest.Run run : r.runs()) if (!run.ok()) out.println(run.env() + " crashed: " + run.error());
        out.println("written to " + dir.toAbsolutePath());
        return r.runs().stream().allMatch(DiffTest.Run::ok) ? 0 : 1;
    }
}
