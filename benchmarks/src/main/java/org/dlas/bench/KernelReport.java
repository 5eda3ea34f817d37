package org.dlas.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.dlas.bench.KernelSummary.Context;
import org.dlas.bench.KernelSummary.Crossover;
import org.dlas.bench.KernelSummary.Row;
import org.dlas.kernels.Primitives;

/** The printed report of a kernel benchmark: GOP/s tables, sparse rates by sparsity, crossovers, the peak derivation. */
final class KernelReport {
    private KernelReport() {}

    private static String cell(Row r) { return fmtGops(r.gops()) + (r.noisy() ? "*" : ""); }

    private static String fmtGops(double g) {
        if (!Double.isFinite(g)) return "-";
        return g >= 100 ? String.format(Locale.ROOT, "%.0f", g)
                : g >= 10 ? String.format(Locale.ROOT, "%.1f", g) : String.format(Locale.ROOT, "%.2f", g);
    }

    /** The printed report: GOP/s tables, crossovers and the peak derivation. */
    static String report(List<Row> rows, List<Crossover> crossovers, Context ctx) {
        StringBuilder sb = new StringBuilder();
        List<String> layers = KernelSummary.layersInOrder(rows);
        List<String> prims = Primitives.names();
        int lw = Math.max(22, layers.stream().mapToInt(String::length).max().orElse(0));
        int labelW = Math.max(lw, layers.stream().mapToInt(l -> l.length() + 3 + humanCount(Layers.get(l).macs(1)).length()).max().orElse(0));
        for (Engine engine : Engine.values()) for (String precision : engine.precisions) {
            if (rows.stream().noneMatch(r -> r.engine() == engine && r.precision().equals(precision))) continue;
            sb.append(String.format(Locale.ROOT, "%nGOP/s, %s, dense weights (sparsity 0); '-' = not applicable / not run, '*' = noisy (iteration IQR > 20%% of median)%n",
                    variant(engine, precision) + (engine == Engine.JAVA ? " (Java kernels)" : " (TVM untuned, through tvm4j)")));
            sb.append(String.format(Locale.ROOT, "%-" + labelW + "s", "layer (MACs)"));
            for (String p : prims) sb.append(String.format(Locale.ROOT, " %12s", p));
            sb.append("   best (% of peak)\n");
            for (String layer : layers) {
                long macs = Layers.get(layer).macs(1);
                sb.append(String.format(Locale.ROOT, "%-" + labelW + "s", layer + " (" + humanCount(macs) + ")"));
                Row best = null;
                for (String p : prims) {
                    Optional<Row> r = Crossovers.find(rows, engine, layer, p, precision, 0.0);
                    sb.append(String.format(Locale.ROOT, " %12s", r.map(KernelReport::cell).orElse("-")));
                    if (r.isPresent() && (best == null || r.get().gops() > best.gops())) best = r.get();
                }
                if (best != null) {
                    sb.append(String.format(Locale.ROOT, "   %s %.2f%%", best.primitive(), 100 * best.peakFraction()));
                    if (best.threadsUsed() < ctx.kernelThreads()) sb.append(String.format(Locale.ROOT, " (%.1f%% of 1 core)", 100 * best.peakFractionUsedCores()));
                }
                sb.append('\n');
            }
        }
        // Sparse primitives by sparsity.
        List<Double> sparsities = rows.stream().filter(r -> Primitives.isSparse(r.primitive())).map(Row::sparsity)
                .distinct().sorted().toList();
        if (!sparsities.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nEffective GOP/s (dense-equivalent MACs) of the sparse primitives by weight sparsity; gemm at 0 for reference%n"));
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-4s %8s", "layer", "prec", "prim", "gemm@0"));
            for (double s : sparsities) sb.append(String.format(Locale.ROOT, " %8s", BenchCase.formatSparsity(s)));
            sb.append('\n');
            for (String layer : layers) {
                for (Engine engine : Engine.values()) for (String precision : engine.precisions) {
                    for (String p : prims) {
                        if (!Primitives.isSparse(p)) continue;
                        if (rows.stream().noneMatch(r -> r.engine() == engine && r.layer().equals(layer) && r.primitive().equals(p) && r.precision().equals(precision))) continue;
                        sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-4s %8s", layer, variant(engine, precision), p,
                                Crossovers.find(rows, engine, layer, "gemm", precision, 0.0).map(KernelReport::cell).orElse("-")));
                        for (double s : sparsities) {
                            sb.append(String.format(Locale.ROOT, " %8s", Crossovers.find(rows, engine, layer, p, precision, s).map(KernelReport::cell).orElse("-")));
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        if (!crossovers.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nCrossover sparsity: lowest measured sparsity at which the sparse primitive beats gemm (median time); '*' = some input noisy%n"));
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-28s %-28s%n", "layer", "prec", "csr vs gemm", "bsr vs gemm"));
            for (String layer : layers) {
                for (Engine engine : Engine.values()) for (String precision : engine.precisions) {
                    String csr = crossoverText(crossovers, engine, layer, precision, "csr");
                    String bsr = crossoverText(crossovers, engine, layer, precision, "bsr");
                    if (csr == null && bsr == null) continue;
                    sb.append(String.format(Locale.ROOT, "%-" + lw + "s %-8s %-28s %-28s%n", layer, variant(engine, precision),
                            csr == null ? "-" : csr, bsr == null ? "-" : bsr));
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "%nMachine peak (%s): %s%n", ctx.peak().cpuModel(), ctx.peak().formula()));
        sb.append(String.format(Locale.ROOT, "Kernel threads: %d; layers of at most %s MACs run on one thread, so their %% of peak is of the whole machine (1-core share in brackets).%n",
                ctx.kernelThreads(), humanCount(ctx.parallelThresholdMacs())));
        sb.append(EngineComparison.report(EngineComparison.of(rows)));
        if (!ctx.skipped().isEmpty()) {
            Map<String, List<String>> byPrim = new LinkedHashMap<>();
            ctx.skipped().forEach(s -> byPrim.computeIfAbsent(variant(s.engine(), s.primitive()), k -> new ArrayList<>()).add(s.layer()));
            byPrim.forEach((p, ls) -> sb.append(String.format(Locale.ROOT, "Not applicable, left out: %s on %s%n", p, String.join(", ", ls))));
        }
        if (!ctx.failed().isEmpty()) sb.append("FAILED: ").append(String.join(", ", ctx.failed())).append('\n');
        return sb.toString();
    }

    /** "fp32" for the Java kernels, "tvm fp32" for TVM (likewise for primitive names). */
    static String variant(Engine engine, String what) {
        return engine == Engine.JAVA ? what : engine.id() + " " + what;
    }

    private static String crossoverText(List<Crossover> crossovers, Engine engine, String layer, String precision, String sparse) {
        return crossovers.stream().filter(c -> c.engine() == engine && c.layer().equals(layer) && c.precision().equals(precision) && c.sparse().equals(sparse))
                .map(c -> c.text() + (c.noisy() ? " *" : "")).findFirst().orElse(null);
    }

    static String humanCount(long n) {
        if (n >= 1_000_000) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 1_000) return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        return Long.toString(n);
    }
}
