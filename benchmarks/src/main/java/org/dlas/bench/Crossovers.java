package org.dlas.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlas.bench.KernelSummary.Crossover;
import org.dlas.bench.KernelSummary.Row;

/** Where a sparse primitive starts beating a dense one, per engine, layer and precision. */
final class Crossovers {
    private Crossovers() {}

    static Optional<Row> find(List<Row> rows, Engine engine, String layer, String primitive, String precision, double sparsity) {
        return rows.stream().filter(r -> r.engine() == engine && r.layer().equals(layer) && r.primitive().equals(primitive)
                && r.precision().equals(precision) && r.sparsity() == sparsity).findFirst();
    }

    /**
     * Where {@code sparse} starts beating {@code dense} on (layer, precision): the lowest measured
     * sparsity at which its median time is below the dense one's. The dense time at sparsity s
     * is its result at s when measured, else at sparsity 0 (a dense kernel's work does not depend
     * on the weight values). Both sides are of the same engine. Empty when either side has no result.
     */
    static Optional<Crossover> crossover(List<Row> rows, Engine engine, String layer, String precision, String sparse, String dense) {
        List<Row> sp = rows.stream().filter(r -> r.engine() == engine && r.layer().equals(layer) && r.primitive().equals(sparse)
                && r.precision().equals(precision)).sorted(Comparator.comparingDouble(Row::sparsity)).toList();
        Optional<Row> dense0 = find(rows, engine, layer, dense, precision, 0.0);
        if (sp.isEmpty()) return Optional.empty();
        Map<Double, Double> speedups = new LinkedHashMap<>();
        boolean noisy = false;
        for (Row s : sp) {
            Optional<Row> d = find(rows, engine, layer, dense, precision, s.sparsity()).or(() -> dense0);
            if (d.isPresent()) {
                speedups.put(s.sparsity(), d.get().secondsMedian() / s.secondsMedian());
                noisy |= s.noisy() || d.get().noisy();
            }
        }
        if (speedups.isEmpty()) return Optional.empty();
        Double first = null;
        for (Map.Entry<Double, Double> e : speedups.entrySet()) {
            if (e.getValue() > 1.0) { first = e.getKey(); break; }
        }
        boolean consistent = true;
        if (first != null) {
            for (Map.Entry<Double, Double> e : speedups.entrySet()) {
                if (e.getKey() >= first && e.getValue() <= 1.0) consistent = false;
            }
        }
        double max = speedups.keySet().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String text = first == null ? "never up to " + percent(max)
                : percent(first) + (consistent ? "" : " (not monotone)");
        return Optional.of(new Crossover(engine, layer, precision, sparse, dense, first, first == null || consistent, max, speedups, text, noisy));
    }

    /** All crossovers of {@link #PAIRS} for every engine, layer and precision that has results. */
    static List<Crossover> crossovers(List<Row> rows) {
        List<Crossover> out = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            for (String layer : KernelSummary.layersInOrder(rows)) {
                for (String precision : engine.precisions) {
                    for (String[] pair : KernelSummary.PAIRS) crossover(rows, engine, layer, precision, pair[0], pair[1]).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static String percent(double s) {
        return BenchCase.formatSparsity(Math.round(s * 1000) / 10.0) + "%";
    }
}
