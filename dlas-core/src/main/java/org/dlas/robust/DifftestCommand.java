package org.dlas.robust;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.dlas.cli.ModelCommand;
import org.dlas.cli.TestImageOptions;
import org.dlas.ir.Graph;

/** {@code dlas difftest}: one model, several environments, every pair compared. */
@Command(name = "difftest", mixinStandardHelpOptions = true,
        description = {"Differential testing: run a zoo model on the same test images in several environments",
                "(target[settings]/primitive[/fp32|int8], e.g. cpu[opt_level=0]/direct) and compare every pair: label differences, output differences, time.",
                "Writes difftest.csv, differing-images.csv (each side's top-5), label-diff-matrix.png and difftest.md."})
public final class DifftestCommand extends ModelCommand {
    @Option(names = "--envs", description = {"comma-separated environments, e.g. jvm/direct,onnxruntime[optimization=disabled]/direct,",
            "cpu[opt_level=0]/direct,cpu[autoscheduled,trials=16]/gemm,systolic[rows=16,cols=16]/direct,jvm/gemm/int8",
            "(default: the same as `dlas mutate`)"}) String envs;
    @Mixin TestImageOptions imageOptions = new TestImageOptions(1000);
    @Option(names = "--output", description = "output directory (default: out/difftest-MODEL)") Path output;

    @Override public Integer call() throws Exception {
        PrintWriter out = out(), err = err();
        Graph graph = model.load(err);
        if (graph == null) return 2;
        List<Environment> environments;
        try {
            environments = envs == null ? MutateCommand.defaultEnvironments() : Environment.parseAll(envs);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        TestImageOptions.Inputs inputs = imageOptions.load(graph, out);
        String name = model.stem();
        DiffTest.Result r = DiffTest.run(name, graph, environments, inputs.test(), inputs.calibration());
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
