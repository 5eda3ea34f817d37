package org.dlas.tuner.reuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A MetaSchedule tuning database as TVM writes it (its {@code JSONDatabase} format), read from
 * Java. The directory holds {@code database_workload.json} (one {@code [structural hash, encoded
 * IRModule]} per line) and {@code database_tuning_record.json} (one {@code [workload index,
 * [trace, run seconds, target, argument info]]} per line); dlas adds {@code dlas-database.json}
 * describing where the records came from (model, trials, primitive, batch), when it made them.
 *
 * <p>Java does not decode the workloads (TVM's IR); it counts them, reads each record's measured
 * run time, target and argument shapes, and hashes the content so that builds which borrow from
 * the database are cached by what it holds.
 */
public final class TuningDatabase {
    public static final String WORKLOADS = "database_workload.json";
    public static final String RECORDS = "database_tuning_record.json";
    public static final String ABOUT = "dlas-database.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tuning record: which workload, its measured run seconds, the target kind and argument shapes. */
    public record Record(int workload, List<Double> runSeconds, String targetKind, List<List<Integer>> argumentShapes) {
        /** Mean measured seconds, or +infinity for a failed measurement. */
        public double meanSeconds() {
            return runSeconds.isEmpty() ? Double.POSITIVE_INFINITY
                    : runSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.POSITIVE_INFINITY);
        }
    }

    private final String name;
    private final Path dir;
    private final List<String> workloadHashes;
    private final List<Record> records;
    private final String contentHash;
    private final JsonNode about;

    private TuningDatabase(String name, Path dir, List<String> workloadHashes, List<Record> records, String contentHash, JsonNode about) {
        this.name = name;
        this.dir = dir;
        this.workloadHashes = workloadHashes;
        this.records = records;
        this.contentHash = contentHash;
        this.about = about;
    }

    public static boolean isDatabase(Path dir) {
        return Files.isRegularFile(dir.resolve(WORKLOADS)) && Files.isRegularFile(dir.resolve(RECORDS));
    }

    /** Reads the database in {@code dir}; its name (as a donor) is the directory's name. */
    public static TuningDatabase read(Path dir) throws IOException {
        return read(dir, safeName(dir.toAbsolutePath().normalize().getFileName().toString()));
    }

    public static TuningDatabase read(Path dir, String name) throws IOException {
        if (!isDatabase(dir)) {
            throw new IOException(dir + " is not a MetaSchedule database: it needs " + WORKLOADS + " and " + RECORDS);
        }
        List<String> hashes = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(dir.resolve(WORKLOADS))) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode w = parse(line, dir.resolve(WORKLOADS), lineNo);
            if (!w.isArray() || w.size() != 2) throw new IOException(dir.resolve(WORKLOADS) + ":" + lineNo + ": expected [hash, module]");
            hashes.add(w.get(0).asText());
        }
        List<Record> records = new ArrayList<>();
        lineNo = 0;
        for (String line : Files.readAllLines(dir.resolve(RECORDS))) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode r = parse(line, dir.resolve(RECORDS), lineNo);
            JsonNode body = r.path(1);
            int workload = r.path(0).asInt(-1);
            if (!r.isArray() || workload < 0 || workload >= hashes.size() || !body.isArray() || body.size() < 3) {
                throw new IOException(dir.resolve(RECORDS) + ":" + lineNo + ": expected [workload index < " + hashes.size()
                        + ", [trace, run seconds, target, args]]");
            }
            List<Double> secs = new ArrayList<>();
            body.get(1).forEach(s -> secs.add(s.asDouble()));
            List<List<Integer>> shapes = new ArrayList<>();
            body.path(3).forEach(arg -> {
                List<Integer> shape = new ArrayList<>();
                arg.path(2).forEach(d -> shape.add(d.asInt()));
                shapes.add(shape);
            });
            records.add(new Record(workload, secs, body.get(2).path("kind").asText(), shapes));
        }
        JsonNode about = Files.isRegularFile(dir.resolve(ABOUT)) ? JSON.readTree(dir.resolve(ABOUT).toFile()) : JSON.createObjectNode();
        return new TuningDatabase(name, dir, List.copyOf(hashes), List.copyOf(records), hash(dir), about);
    }

    private static JsonNode parse(String line, Path file, int lineNo) throws IOException {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IOException(file + ":" + lineNo + ": not JSON: " + e.getMessage(), e);
        }
    }

    /** A donor name usable as a directory name: letters, digits, '.', '_' and '-'. */
    public static String safeName(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return n.isEmpty() || n.startsWith(".") ? "db" + n : n;
    }

    public String name() { return name; }
    public Path dir() { return dir; }
    public int workloads() { return workloadHashes.size(); }
    public List<Record> records() { return records; }
    public String contentHash() { return contentHash; }
    /** What dlas wrote about the records' origin (model, trials, ...); empty for a database made elsewhere. */
    public JsonNode about() { return about; }

    /** The same database under another donor name. */
    public TuningDatabase named(String newName) {
        return new TuningDatabase(safeName(newName), dir, workloadHashes, records, contentHash, about);
    }

    /** Records per workload index. */
    public Map<Integer, Integer> recordsPerWorkload() {
        Map<Integer, Integer> m = new TreeMap<>();
        for (Record r : records) m.merge(r.workload(), 1, Integer::sum);
        return m;
    }

    /** Workloads with at least one successfully measured record: the kernels a donor can lend. */
    public int tunedWorkloads() {
        return (int) records.stream().filter(r -> Double.isFinite(r.meanSeconds())).map(Record::workload).distinct().count();
    }

    /** Best measured seconds per workload index. */
    public Map<Integer, Double> bestSeconds() {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (Record r : records) if (Double.isFinite(r.meanSeconds())) m.merge(r.workload(), r.meanSeconds(), Math::min);
        return m;
    }

    /** Copies the two TVM files (and dlas's description) into {@code target}, which must not hold another database. */
    public void copyTo(Path target) throws IOException {
        Files.createDirectories(target);
        for (String f : List.of(WORKLOADS, RECORDS, ABOUT)) {
            if (Files.isRegularFile(dir.resolve(f))) Files.copy(dir.resolve(f), target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public String describe() {
        String origin = about.has("model") ? String.format(" (%s, %d trials, primitive %s, batch %d)", about.path("model").asText(),
                about.path("trials").asInt(), about.path("primitive").asText(), about.path("batch").asInt()) : "";
        return String.format("%s: %d workloads, %d tuned, %d records%s, %s", name, workloads(), tunedWorkloads(), records.size(), origin, dir);
    }

    private static String hash(Path dir) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Files.readAllBytes(dir.resolve(WORKLOADS)));
            d.update((byte) 0);
            d.update(Files.readAllBytes(dir.resolve(RECORDS)));
            return HexFormat.of().formatHex(d.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
