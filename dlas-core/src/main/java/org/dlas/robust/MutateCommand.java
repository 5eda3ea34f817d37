package org.dlas.robust;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dlas.cli.TestImageOptions;
import org.dlas.ir.Graph;
import org.dlas.robust.mutation.MutationOperator;
import org.dlas.robust.mutation.MutationOperators;
import org.dlas.spec.Choice;
import org.dlas.target.HardwareTarget;
import org.dlas.target.Targets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** {@code dlas mutate}: a mutation-testing campaign of one zoo model across environments. */
@Command(name = "mutate", mixinStandardHelpOptions = true,
        description = {"Mutation testing of a model across execution environments (after MutateNN): every mutant runs on every environment",
                "and is compared with the original model on the same environment; it is killed when its top-1 labels differ on more than",
                "--threshold of the test images. Writes results.db, kill-matrix.csv, label-diff-heatmap.png and summary.md."})
public final class MutateCommand extends GraphChangeCommand {

    @Option(names = "--operators", split = ",", paramLabel = "NAME", description = "mutation operators by name (see --list)")
    List<String> operators = new ArrayList<>();

    @Option(names = "--categories", split = ",", paramLabel = "CATEGORY", description = "mutation operators by category (all operators when neither this nor --operators is given)")
    List<String> categories = new ArrayList<>();

    @Option(names = "--targets", split = EnvironmentSyntax.LIST_SEPARATOR, splitSynopsisLabel = ",", paramLabel = "ENV",
            description = "environments target[settings]/primitive[/fp32|int8], e.g. cpu[opt_level=0]/direct (default: jvm/direct, jvm/gemm, jvm/winograd, jvm/gemm/int8 and, for every other available installed target, <target>/direct or <target>/gemm, int8 where the target computes int8 only)")
    List<String> targets = new ArrayList<>();

    @Option(names = "--max-mutants", converter = org.dlas.cli.Counts.AtLeastOne.class, description = "run at most this many mutants: the first applicable ones of the selected operators, one mutant each (default: all)")
    int maxMutants = Integer.MAX_VALUE;
    @Mixin TestImageOptions imageOptions;
    @Option(names = "--seed", description = "seed choosing the mutated layer or element (default: ${DEFAULT-VALUE})") long seed = 1;
    @Option(names = "--threshold", description = "label-difference share above which a mutant is killed (default: ${DEFAULT-VALUE}: any difference)") double threshold = 0.0;
    @Option(names = "--output", description = "output directory (default: robust/mutate-MODEL)") Path output;
    @Option(names = "--list", description = "list the mutation operators and exit") boolean list;


    @Override protected boolean listOnly() { return list; }

    @Override protected int list(PrintWriter out) {
        return GraphChange.list(out, MutationOperators.installed().values(), MutationOperator::category, 17);
    }

    @Override protected int run(Graph graph, PrintWriter out, PrintWriter err) throws Exception {
        List<MutationOperator> ops;
        List<Environment> envs;
        try {
            ops = MutationOperators.select(operators, categories);
            if (maxMutants <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "--max-mutants must be positive");

            envs = targets.isEmpty() ? defaultEnvironments() : EnvironmentSyntax.numbered(targets.stream().map(Environment::parse).toList());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        TestImageOptions.Inputs inputs = imageOptions.load(graph, out);
        Path dir = output != null ? output : Path.of("robust", "mutate-" + model.stem());
        MutationCampaign campaign = new MutationCampaign(graph, ops, envs, inputs.test(),
                inputs.calibration(), seed).threshold(threshold).maxMutants(maxMutants);
        CampaignResult r = campaign.run(dir);
        out.print(CampaignReport.markdown(r));
        out.printf(Locale.ROOT, "%n%d mutants x %d environments x %d images on %d cores: %s", r.mutants().size(), envs.size(), inputs.test().size(),
                Runtime.getRuntime().availableProcessors(), campaign.timings().describe());
        out.println("\nwritten to " + dir.toAbsolutePath());
        out.flush();
        return 0;
    }

    /**
     * The JVM environments plus, for every other installed and available target, the first of
     * {@code direct}/{@code gemm} it accepts, in int8 where the target computes int8 only.
     */
    public static List<Environment> defaultEnvironments() {
        List<Environment> envs = new ArrayList<>(Environment.parseAll("jvm/direct,jvm/gemm,jvm/winograd,jvm/gemm/int8"));
        for (HardwareTarget t : Targets.installed().values()) {
            if (t.name().equals("jvm") || t.unavailableReason().isPresent()) continue;
            for (String primitive : List.of("direct", "gemm")) {
                if (t.unsupported(Choice.of(t.name()), Choice.of(primitive), Choice.of("none")).isPresent()) continue;
                envs.add(new Environment(t.name(), primitive, t.int8Only() ? Environment.INT8 : Environment.FP32));
                break;
            }
        }
        return envs;
    }
}
