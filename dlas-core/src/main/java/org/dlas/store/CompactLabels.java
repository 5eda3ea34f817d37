package org.dlas.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Shorter axis labels for tables and plots: a choice's full label carries every parameter with its
 * default ({@code prune(finetune_images=0,scope=layer,skip_first=true,sparsity=0.5)}); among a set
 * of rows, the parameters that never vary for that choice name say nothing, so they are dropped
 * ({@code prune(sparsity=0.5)}). Stored rows keep their full labels; only what is shown changes.
 */
public final class CompactLabels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompactLabels() { }

    public static List<ResultRow> of(List<ResultRow> rows) {
        List<Map<String, JsonNode>> choices = new ArrayList<>();
        for (ResultRow r : rows) choices.add(parse(r.pointJson()));
        // axis -> choice name -> param -> the single value seen, or null once it varies
        Map<String, Map<String, Map<String, JsonNode>>> constant = new HashMap<>();
        Map<String, Map<String, Map<String, Boolean>>> varies = new HashMap<>();
        for (Map<String, JsonNode> byAxis : choices) {
            byAxis.forEach((axis, choice) -> {
                String name = choice.path("name").asText();
                Map<String, JsonNode> seen = constant.computeIfAbsent(axis, a -> new HashMap<>()).computeIfAbsent(name, n -> new HashMap<>());
                Map<String, Boolean> var = varies.computeIfAbsent(axis, a -> new HashMap<>()).computeIfAbsent(name, n -> new HashMap<>());
                for (Iterator<Map.Entry<String, JsonNode>> it = choice.path("params").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    JsonNode before = seen.putIfAbsent(p.getKey(), p.getValue());
                    if (before != null && !Objects.equals(before, p.getValue())) var.put(p.getKey(), true);
                }
            });
        }
        List<ResultRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ResultRow r = rows.get(i);
            Map<String, String> labels = new LinkedHashMap<>(r.labels());
            choices.get(i).forEach((axis, choice) -> {
                if (!labels.containsKey(axis)) return;
                String name = choice.path("name").asText();
                Map<String, Boolean> var = varies.get(axis).get(name);
                Map<String, String> kept = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = choice.path("params").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (var.containsKey(p.getKey())) kept.put(p.getKey(), p.getValue().isTextual() ? p.getValue().asText() : p.getValue().toString());
                }
                StringBuilder label = new StringBuilder(name);
                if (!kept.isEmpty()) {
                    label.append('(');
                    kept.forEach((k, v) -> label.append(k).append('=').append(v).append(','));
                    label.setCharAt(label.length() - 1, ')');
                }
                labels.put(axis, label.toString());
            });
            out.add(new ResultRow(r.pointHash(), r.sweep(), r.status(), r.pointJson(), labels, r.metrics(), r.predictions(),
                    r.message(), r.machine(), r.versions(), r.seed(), r.startedAt(), r.elapsedSeconds()));
        }
        return out;
    }

    /** axis key -> {"name":..., "params":{...}}; empty when the row has no parseable point. */
    private static Map<String, JsonNode> parse(String pointJson) {
        Map<String, JsonNode> byAxis = new LinkedHashMap<>();
        if (pointJson == null || pointJson.isBlank()) return byAxis;
        try {
            JsonNode c = JSON.readTree(pointJson).path("choices");
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byAxis.put(e.getKey(), e.getValue());
            }
        } catch (Exception e) {
            return Map.of(); // a row from elsewhere keeps its labels as stored
        }
        return byAxis;
    }
}
