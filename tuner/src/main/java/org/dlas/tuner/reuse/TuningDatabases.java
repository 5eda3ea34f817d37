package org.dlas.tuner.reuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dlas.ir.Graph;
import org.dlas.cli.ModelArgument;
import org.dlas.models.ModelZoo;
import org.dlas.models.StandardArchitectures;
import org.dlas.tuner.tvm.CompiledLibrary;
import org.dlas.tuner.tvm.CpuTarget;
import org.dlas.tuner.tvm.TvmBuildOptions;
import org.dlas.tuner.tvm.TvmCompiler;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Where tuning databases live and how one is made. {@link #tune} auto-schedules a zoo model with
 * MetaSchedule (a cached TVM build, codegen {@code autoscheduled}, whose budget is spread over the
 * model's kernels) and keeps the records TVM wrote, in TVM's format, in a
 * directory: by default {@code <dlas cache>/tvm/databases/<model>} (with {@code -<primitive>-b<batch>}
 * appended when those are not direct and 1), or a directory the user names, to share.
 * {@link #resolve} turns a donor named on the command line or in a sweep (a directory, or a zoo
 * model whose default database is made when missing) into a {@link TuningDatabase}.
 */
public final class TuningDatabases {
    public static final int DEFAULT_TRIALS = 64;
    public static final String DEFAULT_PRIMITIVE = "direct";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TvmCompiler compiler;
    private final Path root;

    public TuningDatabases(TvmCompiler compiler) {
        this.compiler = compiler;
        this.root = compiler.cacheRoot().resolve("databases");
    }

    public static TuningDatabases standard() { return new TuningDatabases(TvmCompiler.standard()); }

    public TvmCompiler compiler() { return compiler; }

    public Path defaultDir(String model, String primitive, int batch) {
        boolean plain = DEFAULT_PRIMITIVE.equals(primitive) && batch == 1;
        return root.resolve(TuningDatabase.safeName(plain ? model : model + "-" + primitive + "-b" + batch));
    }

    /**
     * Auto-schedules {@code model} with {@code trials} MetaSchedule trials on this machine's CPU and
     * writes the records to {@code dir} (replacing a database there).
     */
    public TuningDatabase tune(String model, int trials, String primitive, int batch, Path dir) throws Exception {
        return tune(ModelArgument.cacheName(model, null), ModelArgument.load(model, ModelZoo.DEFAULT_DATASET, null), trials, primitive, batch, dir);
    }

    /** As {@link #tune(String, int, String, int, Path)} for a loaded graph, its records named {@code model}. */
    public TuningDatabase tune(String model, Graph g, int trials, String primitive, int batch, Path dir) throws IOException, InterruptedException {
        TvmBuildOptions options = new TvmBuildOptions(CpuTarget.llvmTarget(), primitive, Map.of(), "autoscheduled", 3, trials,
                "learned", batch, 0, List.of());
        CompiledLibrary built = compiler.compile(g, options);
        TuningDatabase records = TuningDatabase.read(built.tuningDir(), model);
        records.copyTo(dir);
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("model", model);
        about.put("trials", trials);
        about.put("primitive", primitive);
        about.put("batch", batch);
        about.put("target", options.target());
        about.put("cost_model", options.costModel());
        about.put("tuning_seconds", built.tuningSeconds());
        about.put("build", built.dir().getFileName().toString());
        JSON.writeValue(dir.resolve(TuningDatabase.ABOUT).toFile(), about);
        return TuningDatabase.read(dir, model);
    }

    /**
     * A donor: an existing directory holding a database, or a zoo model, standard architecture or
     * .onnx file (its default database, tuned with {@code trials} first if there is none yet).
     */
    public TuningDatabase resolve(String donor, String primitive, int batch, int trials) throws Exception {
        check(donor);
        Path asDir = Path.of(donor);
        if (TuningDatabase.isDatabase(asDir)) return TuningDatabase.read(asDir);
        String name = ModelArgument.cacheName(donor, null);
        Path dir = defaultDir(name, primitive, batch);
        return TuningDatabase.isDatabase(dir) ? TuningDatabase.read(dir, name) : tune(donor, trials, primitive, batch, dir);
    }

    /** Refuses a donor that is neither a database nor a model, before anything is tuned. */
    private static void check(String donor) throws IOException {
        Path asDir = Path.of(donor);
        if (TuningDatabase.isDatabase(asDir) || !Files.isDirectory(asDir) && ModelArgument.isModel(donor)) return;
        if (Files.isDirectory(asDir)) throw new IOException(donor + " holds no " + TuningDatabase.WORKLOADS + " / " + TuningDatabase.RECORDS);
        throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "donor '" + donor + "' is neither a database directory nor a model: a zoo model ("
                + String.join(", ", ModelZoo.names()) + "), a standard architecture (" + String.join(", ", StandardArchitectures.names())
                + ") or an existing .onnx file");
    }

    /** Donors from a comma-separated list, each under a distinct name. */
    public List<TuningDatabase> resolveAll(List<String> donors, String primitive, int batch, int trials) throws Exception {
        for (String d : donors) check(d.trim()); // every donor, before the first is tuned
        List<TuningDatabase> out = new ArrayList<>();
        for (String d : donors) {
            TuningDatabase db = resolve(d.trim(), primitive, batch, trials);
            String name = db.name();
            for (int i = 2; names(out).contains(name); i++) name = db.name() + "-" + i;
            out.add(db.named(name));
        }
        return out;
    }

    /** "resnet, vgg" -> [resnet, vgg]. */
    public static List<String> split(String commaList) {
        List<String> out = new ArrayList<>();
        for (String s : commaList.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    private static List<String> names(List<TuningDatabase> dbs) { return dbs.stream().map(TuningDatabase::name).toList(); }
}
