package org.dlas.accel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.maeri.StonneOptions;
import org.dlas.accel.sigma.SigmaConfig;
import org.dlas.accel.sigma.SigmaSimulator;
import org.dlas.accel.sigma.StonneOperands;
import org.dlas.accel.sigma.StonneSigmaTiming;
import org.dlas.kernels.ConvSpec;

/**
 * How far dlas's MAERI and SIGMA models are from STONNE on the STONNE reference grid
 * (accel-sim/reference/stonne/stonne-reference.csv): MAERI CONV and FC cases run through
 * {@link org.dlas.accel.maeri.StonneMaeriTiming} with the case's own STONNE options; SparseGEMM as SIGMA in sparse mode on STONNE's own operands
 * ({@link StonneOperands}: glibc rand() from its default seed, as STONNE draws them) and the relative gap printed, then the
 * share within 5 % and 15 % per kind; the TPU mesh cases run through {@link org.dlas.accel.systolic.StonneMeshTiming}. With
 * the STONNE binary, each case also runs through STONNE (wall time of the process) and dlas (best
 * of 5 in this JVM after a warm-up), and both tools' simulated cycles per second are printed.
 *
 * <p>Usage: {@code StonneGapReport GRID_CSV [STONNE_BINARY]}.
 */
public final class StonneGapReport {
    private StonneGapReport() { }

    public static void main(String[] args) throws Exception {
        Map<String, List<Double>> gaps = new HashMap<>();
        Path stonne = args.length > 1 ? Path.of(args[1]).toAbsolutePath() : null;
        Path tmp = java.nio.file.Files.createTempDirectory("stonne-bench");
        double stonneSecs = 0, dlasSecs = 0;
        long stonneCycles = 0, dlasCycles = 0;
        for (Map<String, String> row : ReferenceSpeedBench.readCsv(Path.of(args[0]))) {
            Map<String, Integer> o = new HashMap<>();
            for (String t : row.get("options").split(" ")) {
                int eq = t.indexOf('=');
                if (eq > 0 && t.substring(eq + 1).matches("\\d+")) o.put(t.substring(1, eq), Integer.parseInt(t.substring(eq + 1)));
            }
            long ref = Long.parseLong(row.get("cycles"));
            java.util.function.LongSupplier sim = model(row.get("kind"), row.get("options"));
            if (sim == null) continue;
            long dlas = sim.getAsLong();
            String speed = "";
            if (stonne != null) {
                List<String> cmd = new ArrayList<>(List.of(stonne.toString()));
                cmd.addAll(List.of(row.get("options").split(" ")));
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
                pb.environment().put("OUTPUT_DIR", tmp.toString());
                long t0 = System.nanoTime();
                if (pb.start().waitFor() != 0) throw new IllegalStateException("STONNE failed on " + row.get("case") + ", see " + tmp.resolve("log"));
                double st = (System.nanoTime() - t0) / 1e9;
                for (int i = 0; i < 20; i++) sim.getAsLong();
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 5; i++) {
                    long s = System.nanoTime();
                    sim.getAsLong();
                    best = Math.min(best, (System.nanoTime() - s) / 1e9);
                }
                stonneSecs += st;
                dlasSecs += best;
                stonneCycles += ref;
                dlasCycles += dlas;
                speed = String.format("  STONNE %.0f cycles/s, dlas %.0f cycles/s", ref / st, dlas / best);
            }
            double gap = (dlas - ref) / (double) ref;
            gaps.computeIfAbsent(row.get("kind"), k -> new ArrayList<>()).add(gap);
            System.out.printf("%s %-10s STONNE %6d  dlas %6d  %+7.1f %%%s  %s%n", row.get("case"), row.get("kind"), ref, dlas, 100 * gap, speed, row.get("options"));
        }
        if (stonne != null)
            System.out.printf("speed over all cases: STONNE %d cycles in %.2f s (%.0f cycles/s), dlas %d cycles in %.3f s (%.0f cycles/s)%n",
                    stonneCycles, stonneSecs, stonneCycles / stonneSecs, dlasCycles, dlasSecs, dlasCycles / dlasSecs);
        for (var e : gaps.entrySet()) {
            List<Double> g = e.getValue();
            List<Double> abs = new ArrayList<>(g.stream().map(Math::abs).toList());
            Collections.sort(abs);
            System.out.printf("%-10s %2d cases: within 5 %% %2d, within 15 %% %2d, median |gap| %.1f %%%n", e.getKey(), g.size(),
                    abs.stream().filter(x -> x <= 0.05).count(), abs.stream().filter(x -> x <= 0.15).count(), 100 * abs.get(abs.size() / 2));
        }
    }

    /** dlas's STONNE-timed model of a grid case (its kind and STONNE options), or null for an unknown kind. */
    public static java.util.function.LongSupplier model(String kind, String options) {
        return switch (kind) {
            case "maeri_conv", "maeri_fc" -> () -> maeri(options);
            case "sigma" -> () -> sigma(options);
            case "tpu_mesh" -> () -> mesh(options);
            default -> null;
        };
    }

    /** A MAERI case through dlas's STONNE-timed model, from the case's own STONNE options. */
    public static long maeri(String options) {
        StonneOptions o = StonneOptions.parse(List.of(options.split(" ")));
        return o.timing().cycles(o.layer());
    }

    /** A TPU-like mesh case (-mn_type=OS_MESH) through dlas's model of it, from the case's own STONNE options. */
    public static long mesh(String options) {
        return StonneOptions.parse(List.of(options.split(" "))).meshCycles();
    }

    /** A SIGMA SparseGEMM case through dlas's STONNE-timed model, on STONNE's own operands. */
    public static long sigma(String options) {
        Map<String, String> o = new HashMap<>();
        for (String t : options.split(" ")) {
            int eq = t.indexOf('=');
            if (eq > 0) o.put(t.substring(1, eq), t.substring(eq + 1));
        }
        int m = Integer.parseInt(o.get("M")), n = Integer.parseInt(o.get("N")), k = Integer.parseInt(o.get("K"));
        float[][] ops = StonneOperands.sparseGemm(m, n, k, Integer.parseInt(o.getOrDefault("MK_sparsity", "20")), Integer.parseInt(o.getOrDefault("KN_sparsity", "20")));
        return new StonneSigmaTiming(Integer.parseInt(o.get("num_ms")), Integer.parseInt(o.get("dn_bw")), Integer.parseInt(o.get("rn_bw")))
                .cycles(ops[0], ops[1], m, n, k, StonneSigmaTiming.Dataflow.valueOf(o.getOrDefault("dataflow", "MK_STA_KN_STR")));
    }
}
