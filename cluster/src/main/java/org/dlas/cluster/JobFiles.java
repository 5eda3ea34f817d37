package org.dlas.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.spark.SparkContext;

import org.dlas.models.ModelZoo;
import org.dlas.spec.Axis;
import org.dlas.spec.Choice;
import org.dlas.spec.PlannedPoint;
import org.dlas.sweep.ModelSource;

/**
 * What executors need besides the class path, added to the job on the driver: each imported ONNX
 * file (by content, so two files of the same name do not collide) and each trained zoo model the
 * points use (the driver's cached file, so that executors measure exactly the model a local run
 * measures instead of training their own).
 */
final class JobFiles implements AutoCloseable {
    private final Path staging;
    private final Map<String, String> onnx = new LinkedHashMap<>();
    private final List<String> zoo = new ArrayList<>();

    private JobFiles(Path staging) {
        this.staging = staging;
    }

    static JobFiles ship(SparkContext sc, List<PlannedPoint> points) throws IOException {
        JobFiles files = new JobFiles(Files.createTempDirectory("dlas-job-files"));
        Set<String> zooModels = new LinkedHashSet<>();
        for (PlannedPoint p : points) {
            if (p.skipped()) continue;
            Choice model = p.point().choice(Axis.MODEL);
            String dataset = p.point().choice(Axis.DATASET).name();
            if (ModelSource.ONNX.equals(model.name())) files.addOnnx(sc, model.string("path"));
            else if (zooModels.add(model.name() + "\n" + dataset)) files.addZoo(sc, model.name(), dataset);
        }
        return files;
    }

    private void addOnnx(SparkContext sc, String path) throws IOException {
        if (onnx.containsKey(path)) return;
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) return; // the point fails on the executor with ModelSource's message, as it would locally
        String name = "onnx-" + sha256(Files.readAllBytes(file)).substring(0, 16) + ".onnx";
        Path copy = staging.resolve(name);
        if (!Files.exists(copy)) {
            Files.copy(file, copy);
            sc.addFile(copy.toString());
        }
        onnx.put(path, name);
    }

    private void addZoo(SparkContext sc, String model, String dataset) {
        ModelZoo.info(model, dataset); // trains and caches it here once, as a local sweep would
        Path cached = ModelZoo.cacheFile(model, dataset);
        if (!Files.isRegularFile(cached)) return; // cache not writable: executors train it from the same recipe
        sc.addFile(cached.toString());
        zoo.add(cached.getFileName().toString());
    }

    JobManifest manifest() {
        return new JobManifest(Map.copyOf(onnx), List.copyOf(zoo));
    }

    @Override public void close() {
        try (Stream<Path> s = Files.list(staging)) {
            for (Path f : (Iterable<Path>) s::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
