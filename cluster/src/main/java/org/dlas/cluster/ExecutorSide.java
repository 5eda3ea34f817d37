package org.dlas.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.broadcast.Broadcast;

import org.dlas.models.ModelZoo;
import org.dlas.spec.PlannedPoint;
import org.dlas.store.Machine;
import org.dlas.store.ResultRow;
import org.dlas.sweep.LocalPointExecutor;
import org.dlas.sweep.PointRunner;
import org.dlas.sweep.Workbench;

/**
 * A point's life on an executor: the shipped models go into this machine's caches, then the point
 * runs exactly as in a local sweep (same runner, same timeout handling), and its row names the
 * executor's host. One workbench per executor JVM, so data sets and models load once per worker.
 */
final class ExecutorSide {
    /** ONNX paths as written in sweep files → the shipped copy on this executor. */
    private static final Map<String, Path> ONNX = new ConcurrentHashMap<>();
    private static final LocalPointExecutor POINTS = new LocalPointExecutor(new PointRunner(new Workbench(ExecutorSide::onnxFile)), 1);

    private ExecutorSide() { }

    /** The broadcasts whose files this executor has installed: a run's manifest is read and acted on once per executor. */
    private static final Map<Long, Boolean> INSTALLED = new ConcurrentHashMap<>();

    static ResultRow run(PlannedPoint point, Broadcast<JobManifest> files) throws InterruptedException {
        INSTALLED.computeIfAbsent(files.id(), id -> {
            JobManifest manifest = files.value();
            manifest.onnxFiles().forEach((path, name) -> ONNX.put(path, Path.of(SparkFiles.get(name))));
            installZooModels(manifest.zooFiles());
            return Boolean.TRUE;
        });
        ResultRow[] row = new ResultRow[1];
        try {
            PointLanes.run(() -> {
                POINTS.runAll(List.of(point), p -> { }, r -> row[0] = r);
                return null;
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ResultRow r = row[0];
        return new ResultRow(r.pointHash(), r.sweep(), r.status(), r.pointJson(), r.labels(), r.metrics(), r.predictions(),
                r.message(), where() + "; " + r.machine(), r.versions(), r.seed(), r.startedAt(), r.elapsedSeconds());
    }

    private static Path onnxFile(String path) {
        Path shipped = ONNX.get(path);
        return shipped != null ? shipped : Path.of(path);
    }

    /** Copies each shipped zoo model into this machine's model cache (per worker; atomic, so concurrent tasks agree). */
    private static void installZooModels(List<String> names) {
        Path models = ModelZoo.cacheDir().resolve("models");
        for (String name : names) {
            Path target = models.resolve(name);
            if (Files.isRegularFile(target)) continue;
            try {
                Files.createDirectories(models);
                Path tmp = Files.createTempFile(models, name + ".", ".tmp");
                Files.copy(Path.of(SparkFiles.get(name)), tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot put shipped model " + name + " into " + models + ": " + e.getMessage(), e);
            }
        }
    }

    /** This machine's name, looked up once per executor (a name lookup can take a resolver round trip). */
    private static final String HOST = hostName();

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    /** {@code spark executor 1 on host-a}: the provenance a cluster row adds to the machine description. */
    static String where() {
        String host = HOST;
        SparkEnv env = SparkEnv.get();
        return "spark executor " + (env == null ? "?" : env.executorId()) + " on " + host;
    }
}
