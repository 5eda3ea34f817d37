package org.dlas.robust.conversion;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.dlas.cli.ModelArgument;
import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.OnnxExporter;
import org.dlas.robust.GraphChange;
import org.dlas.robust.GraphChangeCommand;

/** {@code dlas repair}: conversion fault localisation and repair of a zoo model's ONNX round trip. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Conversion fault localisation and repair: the zoo model is exported to ONNX and imported back, the --inject faults",
                "are put into the converted model as a buggy converter would, and the converted model is compared with the source",
                "stage by stage (input preprocessing, graph, hyperparameters, parameters) and on the test images. Each finding is",
                "repaired in turn and the label differences from the source are measured after each repair.",
                "Writes repair.md, repairs.csv, and the faulty and repaired converted models as faulty.onnx and repaired.onnx."})
public final class RepairCommand extends GraphChangeCommand {
    @Option(names = "--inject", split = ",", paramLabel = "KIND", description = "fault kinds to inject (see --list); none: a clean round trip")
    List<String> inject = new ArrayList<>();
    @Option(names = "--images", converter = org.dlas.cli.Counts.AtLeastOne.class, description = "test images (default: ${DEFAULT-VALUE})") int images = 500;
    @Option(names = "--seed", description = "seed choosing where each fault goes (default: ${DEFAULT-VALUE})") long seed = 1;
    @Option(names = {"--out", "--output"}, description = "output directory (default: robust/repair-MODEL)") Path output;
    @Option(names = "--list", description = "list the fault kinds and exit") boolean list;

    @Override protected boolean listOnly() { return list; }

    @Override protected int list(PrintWriter out) {
        return GraphChange.list(out, ConversionFaults.installed().values(), ConversionFault::stage, 20);
    }

    @Override protected int run(Graph source, PrintWriter out, PrintWriter err) throws Exception {
        Graph converted = RoundTrip.convert(source);
        List<Injection> injected;
        try {
            injected = ConversionFaults.injectAll(converted, inject, seed);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Graph faulty = injected.isEmpty() ? converted : injected.get(injected.size() - 1).faulty();
        Dataset test = ModelArgument.inputsFor(source, Datasets.load(ModelZoo.DEFAULT_DATASET).test(), images, 1);
        RepairResult r = ConversionRepairer.repair(source, faulty, test, injected);
        Path dir = output != null ? output : Path.of("robust", "repair-" + model.stem());
        RepairReport.write(r, dir);
        OnnxExporter.save(faulty, dir.resolve("faulty.onnx"));
        OnnxExporter.save(r.repaired(), dir.resolve("repaired.onnx"));
        out.print(RepairReport.text(r));
        out.println("written to " + dir.toAbsolutePath());
        out.flush();
        return r.after().clean() ? 0 : 1;
    }
}
