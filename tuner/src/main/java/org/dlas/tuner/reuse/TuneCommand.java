package org.dlas.tuner.reuse;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dlas.cli.ModelArgument;
import org.dlas.cli.ModelParameter;
import org.dlas.ir.Graph;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code dlas tune MODEL --trials N [--db DIR]}: a MetaSchedule tuning database for a model on this CPU. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Auto-schedule a zoo model, standard architecture or .onnx file with TVM MetaSchedule on this machine's CPU and keep the tuning records "
                + "(TVM's JSON database format) for reuse by other models (dlas reuse, codegen reuse).")
public class TuneCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    @Mixin ModelParameter model;

    @Option(names = "--trials", converter = org.dlas.cli.Counts.AtLeastOne.class, defaultValue = "64", description = "MetaSchedule measurement trials for the whole model (default ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--db", paramLabel = "DIR", description = "where to write the database (default: <dlas cache>/tvm/databases/MODEL)")
    Path db;

    @Option(names = "--primitive", defaultValue = TuningDatabases.DEFAULT_PRIMITIVE, description = "conv primitive the model is built with (default ${DEFAULT-VALUE})")
    String primitive;

    PrintStream out = System.out;

    @Override public Integer call() throws Exception {
        Graph g = model.load(); // a bad model is exit 2, found before any build
        String name = ModelArgument.cacheName(model.name(), model.shape());
        TuningDatabases store = TuningDatabases.standard();
        Path dir = db != null ? db : store.defaultDir(name, primitive, 1);
        out.printf(Locale.ROOT, "tuning %s with %d MetaSchedule trials (cached if this exact build was tuned before)...%n", model.name(), trials);
        TuningDatabase d = store.tune(name, g, trials, primitive, 1, dir);
        out.println("database " + d.describe());
        out.printf(Locale.ROOT, "tuning took %.0f s (wall clock, in the TVM build)%n", d.about().path("tuning_seconds").asDouble());
        out.printf("%-9s %8s %12s  %s%n", "workload", "records", "best us", "argument shapes");
        Map<Integer, Double> best = d.bestSeconds();
        d.recordsPerWorkload().forEach((w, n) -> out.printf(Locale.ROOT, "%-9d %8d %12s  %s%n", w, n,
                best.containsKey(w) ? String.format(Locale.ROOT, "%.1f", best.get(w) * 1e6) : "failed",
                d.records().stream().filter(r -> r.workload() == w).findFirst().map(r -> r.argumentShapes().toString()).orElse("")));
        return 0;
    }
}
