package org.dlas.tuner.tvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a TVM build left in its directory: {@code lib.so}, {@code graph.json}, {@code params.bin},
 * {@code result.json} (implementation per layer, times) and, when tuned, MetaSchedule's database
 * in {@code tuning/} (TVM's own JSON record format).
 */
public record CompiledLibrary(Path dir, boolean fromCache, JsonNode result) {
    private static final List<String> FILES = List.of("lib.so", "graph.json", "params.bin", "result.json");

    static boolean isComplete(Path dir) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    static CompiledLibrary load(Path dir, boolean fromCache) throws IOException {
        return new CompiledLibrary(dir, fromCache, new ObjectMapper().readTree(dir.resolve("result.json").toFile()));
    }

    public Path library() { return dir.resolve("lib.so"); }
    public Path graphJson() { return dir.resolve("graph.json"); }
    public Path params() { return dir.resolve("params.bin"); }
    public Path tuningDir() { return dir.resolve("tuning"); }

    public double compileSeconds() { return result.path("compile_seconds").asDouble(); }
    public double tuningSeconds() { return result.path("tuning_seconds").asDouble(0); }
    public int tuningRecords() { return result.path("tuning_records").asInt(0); }
    /** Kernels of a tuned build that run MetaSchedule's record (the others measured faster with TVM's default schedule). */
    public int tunedKernelsKept() { return result.path("kernels_tuned_kept").asInt(0); }
    public int kernels() { return result.path("kernels").size(); }
    /** "untuned" when a tuned build's untuned counterpart measured faster as a whole and was kept instead. */
    public String kept() { return result.path("kept").asText("tuned"); }

    /** Layers where the chosen primitive could not be applied, with TVM's substitute and why. */
    public List<String> notApplicable() {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("layers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode why = e.getValue().path("not_applicable");
            if (!why.isNull() && !why.isMissingNode()) {
                out.add(e.getKey() + " ran " + e.getValue().path("implementation").asText() + " (" + why.asText() + ")");
            }
        }
        return out;
    }

    /** The implementation TVM used for each conv/dense layer. */
    public Map<String, String> implementations() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        result.path("layers").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().path("implementation").asText()));
        return m;
    }
}
