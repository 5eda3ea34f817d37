package org.dlas.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.models.ModelZoo;
import org.dlas.onnx.OnnxExporter;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.StackCatalog;
import org.dlas.sweep.SweepRunner;

/**
 * A real Spark standalone cluster on loopback: a master and two single-core workers, each its own
 * JVM started the way {@code dlas cluster} starts them, and {@code dlas sweep --master} drivers as
 * child processes. First the driver is killed mid-sweep and a rerun completes only the missing
 * points; then a worker is killed (SIGKILL) mid-sweep and the store still ends with every point
 * once, with the figures of a local run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkStandaloneSweepTest {
    @TempDir static Path dir;
    private static StandaloneCluster cluster;
    private static final List<Process> workers = new ArrayList<>();

    /** 48 points: 4 compressions x 4 primitives x 3 targets (two cycle-level simulators, which take only the direct primitive). */
    private static final String SWEEP = """
            name: NAME
            model: lenet
            compression: [none, {name: prune, sparsity: 0.3}, {name: prune, sparsity: 0.6}, int8]
            primitive: [direct, gemm, csr, bsr]
            hardware: [jvm, {name: systolic, rows: 8, cols: 8}, {name: systolic, rows: 16, cols: 16, dataflow: ws}]
            measure: {warmup: 1, repeats: 2, test_images: 100}
            output: OUTPUT
            """;

    @BeforeAll
    static void startCluster() throws Exception {
        ModelZoo.trained("lenet"); // trained (or loaded) once here; the driver ships it to the executors
        cluster = StandaloneCluster.start(dir.resolve("cluster"));
        // 512 MiB executors: enough since executors no longer read the training split (only fine-tuning needs it)
        workers.add(cluster.addWorker(1, "512m"));
        workers.add(cluster.addWorker(1, "512m"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test @Order(1)
    void killedDriverRerunCompletesOnlyTheMissingPoints() throws Exception {
        Path file = sweepFile("driver-kill");
        Process driver = driver(file);
        Transcript t = readUntil(output(driver), 6);
        driver.destroyForcibly(); // SIGKILL
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
        assertEquals(6, t.ok, t.text);

        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        // OK rows are kept; skipped and error rows are evaluated again on a rerun, as in a local sweep
        Map<String, ResultRow> before = rows(spec);
        before.values().removeIf(r -> r.status() != ResultRow.Status.OK);
        assertTrue(before.size() >= 6 && before.size() < 24, "measured before the kill: " + before.size());

        Process rerun = driver(file);
        Transcript r = readUntil(output(rerun), Integer.MAX_VALUE);
        assertEquals(0, rerun.waitFor(), r.text);
        assertTrue(r.text.contains("48 points, " + before.size() + " already measured"), r.text);
        assertEquals(48 - before.size(), r.finished, r.text);
        assertEquals(24 - before.size(), r.ok, r.text);
        Map<String, ResultRow> after = rows(spec);
        assertEquals(48, after.size());
        // what the killed driver measured was not measured again
        before.forEach((hash, row) -> assertEquals(row.startedAt(), after.get(hash).startedAt(), hash));
    }

    @Test @Order(2)
    void lostWorkerLeavesEveryPointOnceWithTheFiguresOfALocalRun() throws Exception {
        Path file = sweepFile("lost-worker");
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        SweepSpec local = new SweepSpec(spec.name(), spec.file(), spec.axes(), spec.measure(), dir.resolve("local"), spec.exclude(), spec.only());
        new SweepRunner(2, new PrintStream(OutputStream.nullOutputStream())).run(local);

        Process driver = driver(file);
        BufferedReader out = output(driver);
        Transcript t = readUntil(out, 3);
        workers.get(0).destroyForcibly(); // SIGKILL of a worker JVM while its executor runs a point
        Transcript rest = readUntil(out, Integer.MAX_VALUE);
        assertEquals(0, driver.waitFor(), t.text + rest.text);
        String text = t.text + rest.text;
        assertEquals(48, t.finished + rest.finished, "one progress line per point, none twice:\n" + text);
        assertEquals(24, t.ok + rest.ok, text);
        Matcher retried = Pattern.compile("(\\d+) tasks? retried").matcher(text);
        assertTrue(retried.find(), text);
        assertTrue(Integer.parseInt(retried.group(1)) >= 1, "the lost worker's point ran again: " + text);

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + spec.output().resolve("results.db"));
             ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*), COUNT(DISTINCT point_hash) FROM points")) {
            rs.next();
            assertEquals(48, rs.getInt(1));
            assertEquals(48, rs.getInt(2));
        }
        Map<String, ResultRow> onSpark = rows(spec);
        Map<String, ResultRow> here = rows(local);
        assertEquals(here.keySet(), onSpark.keySet());
        int withCycles = 0;
        for (ResultRow l : here.values()) {
            ResultRow s = onSpark.get(l.pointHash());
            assertEquals(l.status(), s.status(), l.labels().toString());
            assertEquals(l.labels(), s.labels());
            for (String m : List.of(Metric.TOP1, Metric.TOP5, Metric.LABEL_DIFF_SHARE, Metric.MAX_OUTPUT_DEVIATION, Metric.CYCLES,
                    Metric.PARAMS, Metric.MACS, Metric.SPARSITY)) {
                assertEquals(l.metrics().get(m), s.metrics().get(m), m + " of " + l.labels());
            }
            assertArrayEquals(l.predictions(), s.predictions(), l.labels().toString());
            if (l.metrics().get(Metric.CYCLES) != null) withCycles++;
            if (s.status() != ResultRow.Status.SKIPPED) assertTrue(s.machine().startsWith("spark executor "), s.machine());
        }
        assertEquals(8, withCycles, "the simulator points carry cycles");
    }

    @Test @Order(3)
    void importedOnnxFileTravelsWithTheJob() throws Exception {
        // a path relative to the driver's directory: an executor (in its worker's work dir) can only have the shipped copy
        Path driverDir = Files.createDirectories(dir.resolve("onnx-driver"));
        OnnxExporter.save(ModelZoo.trained("lenet"), driverDir.resolve("lenet.onnx"));
        Path file = driverDir.resolve("onnx.yaml");
        Files.writeString(file, """
                name: onnx-on-spark
                model: {name: onnx, path: lenet.onnx}
                compression: [none, int8]
                primitive: [direct, gemm]
                hardware: jvm
                measure: {warmup: 1, repeats: 2, test_images: 100}
                output: OUTPUT
                """.replace("OUTPUT", driverDir.resolve("out").toString()));
        Process driver = driver(file, driverDir);
        Transcript t = readUntil(output(driver), Integer.MAX_VALUE);
        assertEquals(0, driver.waitFor(), t.text);
        Map<String, ResultRow> rows = rows(driverDir.resolve("out"), "onnx-on-spark"); // the model path is relative to the driver's directory
        assertEquals(4, rows.size());
        for (ResultRow r : rows.values()) {
            assertEquals(ResultRow.Status.OK, r.status(), r.message());
            assertTrue(r.machine().startsWith("spark executor "), r.machine());
            assertTrue(r.metrics().get(Metric.TOP1) > 0.5, r.labels() + " top1 " + r.metrics().get(Metric.TOP1));
        }
    }

    @Test @Order(4)
    void clusterCommandsStartSparksDaemonsSayWhereTheyListenAndTakeThemDownWhenKilled() throws Exception {
        int port = StandaloneCluster.freePort();
        Process master = dlas("cluster", "master", "--port", Integer.toString(port), "--webui-port", Integer.toString(StandaloneCluster.freePort()),
                "--dir", dir.resolve("cli-master").toString());
        Process worker = null;
        try {
            String url = "spark://127.0.0.1:" + port;
            String said = readUntilLine(output(master), "spark master ");
            assertTrue(said.contains("spark master " + url + " (bound to loopback only"), said);
            worker = dlas("cluster", "worker", url, "--cores", "1", "--memory", "512m", "--dir", dir.resolve("cli-worker").toString());
            said = readUntilLine(output(worker), "spark worker joined");
            assertTrue(said.contains("spark worker joined " + url + " with 1 core(s), 512m (bound to loopback only"), said);
            // SIGKILL of the launcher (no shutdown hook runs) must not leave Spark's daemon behind
            for (Process launcher : List.of(worker, master)) {
                List<ProcessHandle> daemons = launcher.children().toList();
                assertEquals(1, daemons.size(), "one Spark daemon per launcher: " + daemons);
                launcher.destroyForcibly();
                assertTrue(launcher.waitFor(30, TimeUnit.SECONDS));
                assertTrue(daemons.get(0).onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get() != null
                        && !daemons.get(0).isAlive(), "the daemon " + daemons.get(0).pid() + " outlived its killed launcher");
            }
            try (java.net.Socket s = new java.net.Socket()) {
                assertThrows(java.io.IOException.class, () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000),
                        "the master's port still answers");
            }
        } finally {
            for (Process p : worker == null ? List.of(master) : List.of(worker, master)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test @Order(5)
    void aPointThatKillsEveryExecutorItRunsOnIsAnErrorRowAndTheOthersAreMeasured() throws Exception {
        Path file = dir.resolve("crash.yaml");
        Files.writeString(file, """
                name: crash
                model: lenet
                compression: none
                primitive: [direct, gemm, csr, bsr]
                hardware: [jvm, executor-crash]
                exclude:
                  - {hardware: executor-crash, primitive: [gemm, csr, bsr]}
                measure: {warmup: 1, repeats: 2, test_images: 100}
                output: OUTPUT
                """.replace("OUTPUT", dir.resolve("crash").toString()));
        Process driver = driver(file);
        Transcript t = readUntil(output(driver), Integer.MAX_VALUE);
        assertEquals(1, driver.waitFor(), "exit 1: a point failed\n" + t.text);
        Map<String, ResultRow> rows = rows(dir.resolve("crash"), "crash");
        assertEquals(8, rows.size(), t.text);
        int ok = 0;
        int skipped = 0;
        ResultRow crashed = null;
        for (ResultRow r : rows.values()) {
            switch (r.status()) {
                case OK -> ok++;
                case SKIPPED -> skipped++;
                case ERROR -> crashed = r;
            }
        }
        assertEquals(4, ok, t.text);
        assertEquals(3, skipped, t.text);
        assertTrue(crashed != null && crashed.labels().get("hardware").startsWith("executor-crash"), t.text);
        assertTrue(crashed.message().startsWith("failed on the cluster: ") && crashed.message().contains("failed 4 times"), crashed.message());
    }

    /** {@code dlas ARGS} in its own small JVM. */
    private static Process dlas(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "org.dlas.cli.Dlas"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The output up to and including the first line that starts with {@code prefix}. */
    private static String readUntilLine(BufferedReader out, String prefix) throws Exception {
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            text.append(line).append('\n');
            if (line.startsWith(prefix)) return line;
        }
        return text.toString();
    }

    private static Path sweepFile(String name) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, SWEEP.replace("NAME", name).replace("OUTPUT", dir.resolve(name).toString()));
        return f;
    }

    private static Map<String, ResultRow> rows(SweepSpec spec) {
        return rows(spec.output(), spec.name());
    }

    private static Map<String, ResultRow> rows(Path output, String sweep) {
        try (SqliteResultStore store = SqliteResultStore.openReadOnly(output)) {
            return store.forSweep(sweep).stream().collect(Collectors.toMap(ResultRow::pointHash, Function.identity()));
        }
    }

    /** {@code dlas sweep --master <cluster> FILE} in its own JVM, with Spark's module flags and a small heap. */
    private static Process driver(Path file) throws Exception {
        return driver(file, Path.of("").toAbsolutePath());
    }

    private static Process driver(Path file, Path workingDir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.addAll(List.of("-Dspark.executor.memory=512m", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("driver-tmp")),
                "-cp", System.getProperty("java.class.path")));
        if (System.getProperty("dlas.cache") != null) cmd.add("-Ddlas.cache=" + System.getProperty("dlas.cache"));
        cmd.addAll(List.of("org.dlas.cli.Dlas", "sweep", "--no-report", "--master", cluster.url(), file.toString()));
        return new ProcessBuilder(cmd).directory(workingDir.toFile()).redirectErrorStream(true).start();
    }

    private static BufferedReader output(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** What a driver printed: progress lines (one per stored row) and those of OK rows. */
    private record Transcript(int finished, int ok, String text) { }

    /** Reads the driver's output until {@code okPoints} OK progress lines have come (or the output ends). */
    private static Transcript readUntil(BufferedReader out, int okPoints) throws Exception {
        StringBuilder text = new StringBuilder();
        int finished = 0;
        int ok = 0;
        String line;
        while (ok < okPoints && (line = out.readLine()) != null) {
            text.append(line).append('\n');
            if (line.matches("\\[\\d+/\\d+] .*")) finished++;
            if (line.matches("\\[\\d+/\\d+] OK .*")) ok++;
        }
        return new Transcript(finished, ok, text.toString());
    }
}
