package org.dlas.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlas.kernels.Parallel;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The kernel benchmark runner:
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar org.dlas.bench.KernelBench [--profile quick|default|full]
 *        [--include REGEX] [--json FILE] [--threads N] [--tvm] [--report DIR] [--list] [--summarize JMH.json]
 * </pre>
 * It plans the (layer, primitive, precision, sparsity) cases of the profile, leaving out the
 * pairs a primitive cannot run, runs each through JMH (one {@code Runner.run} per case, so that
 * only valid combinations are ever started and progress can be shown), writes JMH's JSON results
 * to {@code --json} after every case, then post-processes them ({@link KernelSummary}) into
 * {@code kernels-summary.json} next to it and prints the tables, crossovers and machine peak.
 * With {@code --tvm} the TVM builds of the same layers ({@link TvmConvKernelBenchmark}) are
 * measured after the Java cases and compared with them ({@link EngineComparison}); the tuner must
 * then be on the class path. {@code --report DIR} also writes the plots
 * ({@link org.dlas.report.KernelBenchReport}).
 * Exit status: 0 when the summary is valid, 1 on invalid summary or failed benchmarks, 2 on usage errors.
 */
public final class KernelBench {

    record Args(Profile profile, Pattern include, Path json, Integer threads, boolean list, Path summarize, boolean tvm, Path report) {
        List<Engine> engines() { return tvm ? List.of(Engine.JAVA, Engine.TVM) : List.of(Engine.JAVA); }
    }

    /** The class path a --tvm run needs besides benchmarks.jar (the tuner and TVM's jars). */
    static final String TVM_CLASS_PATH_HINT = "java -cp \"benchmarks/target/benchmarks.jar:tuner/target/tuner.jar:tuner/target/lib/*:tvm-runtime/target/tvm-runtime.jar:tvm-runtime/target/lib/*\" "
            + "org.dlas.bench.KernelBench --tvm ...";

    private KernelBench() {}

    public static void main(String[] argv) throws Exception {
        System.exit(execute(argv, System.out, System.err));
    }

    /** Parses and runs; the exit status (2 with a message and the usage on a usage error). */
    static int execute(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (args == null) {
            out.println(usage());
            return 0;
        }
        return run(args, out);
    }

    static String usage() {
        return String.join("\n",
                "usage: java -cp benchmarks/target/benchmarks.jar org.dlas.bench.KernelBench [options]",
                "  --profile quick|default|full  how much to measure (default: default)",
                "      quick   ~2.5 min on 2 cores: 3 layers, sparsity 0/0.7/0.9/0.95, 1 fork, warm-up 2 x 400 ms, 8 x 100 ms measured",
                "      default ~22 min on 2 cores: all layers and sparsities, 1 fork, warm-up 3 x 500 ms, 5 x 500 ms measured",
                "      full    hours: also dense primitives at every sparsity, 2 forks, warm-up 4 x 1 s, 8 x 1 s measured",
                "  --include REGEX   only cases whose id layer/primitive/precision/sparsity matches (find),",
                "                    e.g. 'conv1x1', '/csr/', '^dense_.*/int8/'",
                "  --json FILE       JMH JSON results (default benchmarks/target/kernels.json);",
                "                    the summary goes to kernels-summary.json in the same folder",
                "  --threads N       kernel threads in the benchmark JVMs (-Ddlas.kernels.threads; default all cores)",
                "  --tvm             also measure TVM 0.18 builds of the same layers (TvmConvKernelBenchmark, fp32, untuned)",
                "                    and compare them with the Java kernels; needs the tuner on the class path:",
                "                    " + TVM_CLASS_PATH_HINT,
                "  --list            print the planned cases and the time estimate, run nothing",
                "  --summarize FILE  run nothing: summarise an existing JMH JSON result file (the summary goes beside it)",
                "  --report DIR      also write plots (PNG, SVG) and kernels-report.md into DIR (as dlas bench-report)",
                "  --help");
    }

    /** The options as picocli reads them; {@link #parse} checks them and fills in the defaults. */
    @Command(name = "KernelBench")
    static final class CliOptions {
        @Option(names = {"--help", "-h"}, usageHelp = true) boolean help;
        @Option(names = "--profile") String profile;
        @Option(names = "--include") String include;
        @Option(names = "--json") Path json;
        @Option(names = "--summarize") Path summarize;
        @Option(names = "--threads") String threads;
        @Option(names = "--list") boolean list;
        @Option(names = "--tvm") boolean tvm;
        @Option(names = "--report") Path report;
    }

    /** The arguments, or null for --help; usage errors are IllegalArgumentExceptions (exit 2 in main). */
    static Args parse(String[] argv) {
        CliOptions o = new CliOptions();
        try {
            new CommandLine(o).parseArgs(argv);
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, e.getMessage());
        }
        if (o.help) return null;
        Profile profile = o.profile == null ? Profile.DEFAULT : Profile.parse(o.profile);
        Pattern include = null;
        if (o.include != null) {
            try {
                include = Pattern.compile(o.include);
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException(ErrorKind.BAD_FORMAT, "bad --include regex: " + e.getMessage());
            }
        }
        Integer threads = null;
        if (o.threads != null) {
            try {
                threads = Integer.parseInt(o.threads);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(ErrorKind.BAD_FORMAT, "--threads needs a positive integer");
            }
            if (threads < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "--threads needs a positive integer");
        }
        if (o.summarize != null && o.json != null) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "--summarize FILE reads FILE and writes kernels-summary.json beside it; do not combine it with --json");
        }
        Path json = o.json != null ? o.json : o.summarize != null ? o.summarize : defaultJson();
        return new Args(profile, include, json, threads, o.list, o.summarize, o.tvm, o.report);
    }

    /** benchmarks/target/kernels.json, located from the jar (or classes folder) this class was loaded from. */
    static Path defaultJson() {
        try {
            Path here = Path.of(KernelBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = here.getParent(); // from target/benchmarks.jar or target/classes
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.resolve("kernels.json");
            }
        } catch (URISyntaxException | RuntimeException ignored) { }
        return Path.of("benchmarks", "target", "kernels.json");
    }

    static Path summaryPath(Path json) {
        Path dir = json.toAbsolutePath().getParent();
        return dir.resolve("kernels-summary.json");
    }

    static int run(Args args, PrintStream out) throws IOException {
        int threads = args.threads != null ? args.threads : Parallel.parallelism();
        MachinePeak peak = MachinePeak.detect(args.threads != null ? args.threads : Runtime.getRuntime().availableProcessors());
        BenchCase.Plan plan = BenchCase.plan(args.profile, args.include, args.engines());
        List<String> failed = new ArrayList<>();
        String profileName = args.profile.id();

        if (args.summarize == null) {
            if (plan.cases().isEmpty()) {
                out.println("no benchmark matches" + (args.include != null ? " --include " + args.include : ""));
                return 2;
            }
            double[] estimate = args.profile.estimateSeconds(plan.cases());
            String est = duration(estimate[0]) + (estimate[1] > estimate[0]
                    ? " (up to " + duration(estimate[1]) + " when the TVM builds are not cached yet)" : "");
            out.printf(Locale.ROOT, "Profile %s: %d benchmarks, %s; kernel threads %d; estimated %s%n",
                    profileName, plan.cases().size(), args.profile.iterations.describe(), threads, est);
            if (args.tvm && !args.list && !tunerPresent()) {
                out.println("--tvm needs the tuner and TVM's jars on the class path: " + TVM_CLASS_PATH_HINT);
                return 2;
            }
            if (args.list) {
                plan.cases().forEach(c -> out.println("  " + c.id()));
                plan.skipped().forEach(s -> out.println("  skipped " + s.layer() + "/" + KernelSummary.variant(s.engine(), s.primitive()) + ": " + s.reason()));
                return 0;
            }
            Files.createDirectories(args.json.toAbsolutePath().getParent());
            List<RunResult> results = new ArrayList<>();
            long start = System.nanoTime();
            int i = 0;
            for (BenchCase c : plan.cases()) {
                i++;
                Collection<RunResult> r;
                try {
                    r = new Runner(options(args.profile, c, args.threads).build()).run();
                } catch (RunnerException e) {
                    r = List.of();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                double eta = elapsed / i * (plan.cases().size() - i);
                if (r.isEmpty()) {
                    failed.add(c.id());
                    out.printf(Locale.ROOT, "[%d/%d] %-50s FAILED%n", i, plan.cases().size(), c.id());
                } else {
                    results.addAll(r);
                    RunResult rr = r.iterator().next();
                    double score = rr.getPrimaryResult().getStatistics().getPercentile(50);
                    double gops = 2.0 * Layers.get(c.layer()).macs(1) / (score * 1e-6) / 1e9;
                    out.printf(Locale.ROOT, "[%d/%d] %-42s median %10.2f us/op %8.2f GOP/s   elapsed %s, left ~%s%n", i, plan.cases().size(),
                            c.id(), score, gops, duration(elapsed), duration(eta));
                }
                ResultFormatFactory.getInstance(ResultFormatType.JSON, args.json.toString()).writeOut(results);
            }
            out.printf(Locale.ROOT, "JMH results: %s (%d benchmarks in %s)%n", args.json, results.size(),
                    duration((System.nanoTime() - start) / 1e9));
        } else {
            profileName = "summarized from " + args.summarize;
            plan = new BenchCase.Plan(List.of(), List.of());
        }

        JsonNode jmh = KernelSummary.readJmh(args.json);
        List<KernelSummary.Row> rows = KernelSummary.rows(jmh, peak, threads, Parallel.thresholdMacs());
        List<KernelSummary.Crossover> crossovers = KernelSummary.crossovers(rows);
        List<BenchCase.Skipped> skipped = new ArrayList<>(plan.skipped());
        if (args.summarize != null) { // the inapplicable pairs of the layers the file holds
            for (Engine engine : rows.stream().map(KernelSummary.Row::engine).distinct().toList()) {
                for (String layer : rows.stream().map(KernelSummary.Row::layer).distinct().toList()) {
                    for (String p : org.dlas.kernels.Primitives.names()) {
                        engine.notApplicable(p, layer).ifPresent(why -> skipped.add(new BenchCase.Skipped(engine, layer, p, why)));
                    }
                }
            }
        }
        KernelSummary.Context ctx = new KernelSummary.Context(peak, threads, Parallel.thresholdMacs(), profileName,
                args.json.toString(), skipped, failed);
        ObjectNode summary = KernelSummary.summary(rows, crossovers, ctx);
        Path summaryFile = summaryPath(args.json);
        KernelSummary.write(summary, summaryFile);
        out.print(KernelSummary.report(rows, crossovers, ctx));
        out.println(jitNote());
        out.println("Summary: " + summaryFile);
        List<String> problems = KernelSummary.validate(summary);
        if (!problems.isEmpty()) {
            out.println("Summary INVALID:");
            problems.forEach(p -> out.println("  " + p));
            return 1;
        }
        if (args.report != null) out.println("Report: " + org.dlas.report.KernelBenchReport.write(summaryFile, args.report));
        return failed.isEmpty() ? 0 : 1;
    }

    /**
     * JMH options for one case (forks, iterations from the profile; kernel threads passed to the fork).
     * TVM cases also pass tvm4j's native folder ({@link #tvmNativeArgs()}) to the fork.
     */
    static ChainedOptionsBuilder options(Profile profile, BenchCase c, Integer threads) {
        ChainedOptionsBuilder b = profile.iterations.applyTo(new OptionsBuilder()
                .include("^" + Pattern.quote(c.engine().benchmark) + "$")
                .param("primitive", c.primitive())
                .param("layer", c.layer())
                .param("sparsity", BenchCase.formatSparsity(c.sparsity()))
                .param("batch", "1"))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (c.engine() == Engine.JAVA) b = b.param("precision", c.precision());
        List<String> jvmArgs = new ArrayList<>();
        jvmArgs.add(VECTOR_MODULE); // the Java kernels' GEMM uses the Vector API (scalar loops without it)
        if (threads != null) jvmArgs.add("-Ddlas.kernels.threads=" + threads);
        if (c.engine() == Engine.TVM) jvmArgs.addAll(tvmNativeArgs());
        b = b.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        return b;
    }

    /** Adds the Vector API's incubator module to a forked JVM. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    /**
     * tvm4j loads {@code libtvm4j.so} from java.library.path; the tuner links it into
     * {@code dlas.native.dir}. The fork gets this JVM's setting when it has one, else the folder
     * the ./dlas launcher uses ({@code <dlas cache>/native}), put in front of this JVM's library path.
     */
    static List<String> tvmNativeArgs() {
        String dir = org.dlas.settings.DlasSettings.read().nativeDir()
                .orElse(org.dlas.models.ModelZoo.cacheDir().resolve("native").toAbsolutePath()).toString();
        String libraryPath = System.getProperty("java.library.path", "");
        boolean listed = java.util.Arrays.asList(libraryPath.split(java.io.File.pathSeparator)).contains(dir);
        String path = listed ? libraryPath : dir + (libraryPath.isEmpty() ? "" : java.io.File.pathSeparator + libraryPath);
        return List.of("-Ddlas.native.dir=" + dir, "-Djava.library.path=" + path);
    }

    /** Whether the tuner (TVM compiler and tvm4j) is on the class path. */
    static boolean tunerPresent() {
        try {
            Class.forName("org.dlas.tuner.tvm.TvmCompiler", false, KernelBench.class.getClassLoader());
            Class.forName("org.apache.tvm.Device", false, KernelBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** What the JIT does with the kernels' loops on this JVM (MaxVectorSize, and the lack of FMA in plain Java). */
    static String jitNote() {
        String vec = "?";
        try {
            vec = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxVectorSize").getValue();
        } catch (RuntimeException | LinkageError ignored) { }
        return "JIT: C2 vectors up to " + vec + " bytes. The kernels are plain Java: a*b+c may not be fused "
                + "(no Math.fma), so each multiply-add costs a vector multiply and a vector add; ~50% of the FMA peak is their ceiling.";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
