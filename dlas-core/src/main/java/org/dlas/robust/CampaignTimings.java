package org.dlas.robust;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Where a mutation campaign's wall time went: the phases (originals, mutants, report) in wall
 * seconds, and per environment the seconds spent preparing (compiling, quantising, loading) and
 * running inference, summed over the original and every mutant (so, with mutants in parallel, the
 * sums can exceed the phase's wall time).
 */
public final class CampaignTimings {
    private final Map<String, Double> phases = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> prepare = new ConcurrentHashMap<>(), infer = new ConcurrentHashMap<>();

    void phase(String name, long startNanos) { phases.put(name, (System.nanoTime() - startNanos) / 1e9); }

    void prepared(String env, long nanos) { prepare.computeIfAbsent(env, k -> new DoubleAdder()).add(nanos / 1e9); }

    void inferred(String env, long nanos) { infer.computeIfAbsent(env, k -> new DoubleAdder()).add(nanos / 1e9); }

    public double phase(String name) { return phases.getOrDefault(name, Double.NaN); }

    public double total() { return phases.values().stream().mapToDouble(Double::doubleValue).sum(); }

    /** A few lines: total and phases, then each environment's prepare and inference seconds. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "elapsed %.1f s wall (originals %.1f s, mutants %.1f s, report %.1f s)%n",
                total(), phase("originals"), phase("mutants"), phase("report")));
        for (String env : new TreeMap<>(prepare).keySet()) {
            s.append(String.format(Locale.ROOT, "  %-34s prepare %7.1f s, inference %7.1f s (summed over original and mutants)%n", env,
                    prepare.get(env).sum(), infer.containsKey(env) ? infer.get(env).sum() : 0.0));
        }
        return s.toString();
    }
}
