package org.dlas.accel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.scalesim.ScaleSimConfig;
import org.dlas.accel.systolic.scalesim.ScaleSimLayer;
import org.dlas.accel.systolic.scalesim.ScaleSimReport;
import org.dlas.accel.systolic.scalesim.ScaleSimulator;

/**
 * Simulated cycles per second of dlas's SCALE-Sim model next to SCALE-Sim v2 itself, measured in
 * one run on the same cases: the {@code n} largest stall-free and {@code n} largest stalling cases
 * of the reference grid (accel-sim/reference/scalesim/scalesim-reference.csv). SCALE-Sim runs as
 * its own command line ({@code python3 scalesim/scale.py}, wall time including Python's start);
 * dlas runs the layer in this JVM (best of 5 after a warm-up of up to 1 s). Both must report the same cycles.
 *
 * <p>With a STONNE binary and its grid (accel-sim/reference/stonne/stonne-reference.csv) it then does
 * the same for STONNE in the same run: the {@code n} largest cases of each kind (MAERI CONV, FC, SIGMA,
 * TPU mesh), STONNE as its own process (wall time, start included), dlas's STONNE-timed models in this
 * JVM; each tool's simulated cycles per second on each layer, and on how many layers dlas's rate is at
 * least STONNE's.
 *
 * <p>Usage: {@code ReferenceSpeedBench SCALESIM_SRC GRID_CSV [n [STONNE_BINARY STONNE_GRID_CSV]]} (default
 * n = 3); SCALE-Sim runs with {@code $SCALESIM_PYTHON} (default python3), which needs numpy, pandas,
 * absl-py and tqdm.
 */
public final class ReferenceSpeedBench {
    private ReferenceSpeedBench() { }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ReferenceSpeedBench SCALESIM_SRC GRID_CSV [n [STONNE_BINARY STONNE_GRID_CSV]]");
            System.exit(2);
        }
        Path src = Path.of(args[0]).toAbsolutePath(), grid = Path.of(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Map<String, String>> rows = readCsv(grid);
        List<Map<String, String>> pick = new ArrayList<>();
        Comparator<Map<String, String>> bySize = Comparator.comparingLong(r -> -Long.parseLong(r.get("total_cycles")));
        rows.stream().filter(r -> r.get("stall_cycles").equals("0")).sorted(bySize).limit(n).forEach(pick::add);
        rows.stream().filter(r -> !r.get("stall_cycles").equals("0") && Long.parseLong(r.get("total_cycles")) < 200_000)
                .sorted(bySize).limit(n).forEach(pick::add);
        Path tmp = Files.createTempDirectory("scalesim-bench");
        System.out.printf("%-6s %-14s %-4s %-7s %-5s %10s | %9s %12s | %9s %12s | %8s%n", "case", "layer", "df", "array", "mode", "cycles",
                "scalesim s", "cycles/s", "dlas s", "cycles/s", "speed-up");
        double refSecs = 0, dlasSecs = 0;
        long cyclesAll = 0;
        for (Map<String, String> r : pick) {
            ScaleSimConfig cfg = config(r);
            ScaleSimLayer layer = layer(r);
            Files.writeString(tmp.resolve("a.cfg"), cfg.toCfg());
            Files.writeString(tmp.resolve("t.csv"), layer.toTopology());
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(System.getenv().getOrDefault("SCALESIM_PYTHON", "python3"), "scalesim/scale.py", "-c", tmp.resolve("a.cfg").toString(), "-t", tmp.resolve("t.csv").toString(),
                    "-p", tmp.toString()).directory(src.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
            pb.environment().put("PYTHONPATH", ".");
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("SCALE-Sim failed on " + r.get("case") + ", see " + tmp.resolve("log"));
            double ref = (System.nanoTime() - t0) / 1e9;
            List<String> report = Files.readAllLines(tmp.resolve(cfg.runName()).resolve("COMPUTE_REPORT.csv"));
            long refCycles = Long.parseLong(report.get(1).split(",")[1].strip());
            long warm = System.nanoTime(); // JIT warm-up: up to 20 runs or 1 s
            for (int i = 0; i < 20 && System.nanoTime() - warm < 1_000_000_000L; i++) ScaleSimulator.run(cfg, layer);
            double best = Double.MAX_VALUE;
            ScaleSimReport rep = null;
            for (int i = 0; i < 5; i++) {
                long s = System.nanoTime();
                rep = ScaleSimulator.run(cfg, layer);
                best = Math.min(best, (System.nanoTime() - s) / 1e9);
            }
            if (rep.totalCycles() != refCycles) throw new IllegalStateException(r.get("case") + ": dlas " + rep.totalCycles() + " cycles, SCALE-Sim " + refCycles);
            refSecs += ref;
            dlasSecs += best;
            cyclesAll += refCycles;
            System.out.printf("%-6s %-14s %-4s %-7s %-5s %10d | %9.2f %12.0f | %9.4f %12.0f | %7.0fx%n", r.get("case"), r.get("layer"), r.get("dataflow"),
                    r.get("rows") + "x" + r.get("cols"), r.get("mode"), refCycles, ref, refCycles / ref, best, refCycles / best, ref / best);
        }
        System.out.printf("all %d cases: %d cycles; SCALE-Sim %.1f s (%.0f cycles/s), dlas %.3f s (%.0f cycles/s): %.0fx%n", pick.size(), cyclesAll,
                refSecs, cyclesAll / refSecs, dlasSecs, cyclesAll / dlasSecs, refSecs / dlasSecs);
        if (args.length > 4) stonne(Path.of(args[3]).toAbsolutePath(), readCsv(Path.of(args[4])), n);
    }

    /** STONNE's and dlas's simulated cycles per second on the n largest STONNE grid cases of each kind. */
    static void stonne(Path binary, List<Map<String, String>> grid, int n) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("stonne-bench");
        System.out.printf("%n%-6s %-10s %8s %8s | %9s %12s | %9s %12s | %8s%n", "case", "kind", "STONNE", "dlas", "STONNE s", "cycles/s", "dlas s", "cycles/s", "rate x");
        Comparator<Map<String, String>> bySize = Comparator.comparingLong(r -> -Long.parseLong(r.get("cycles")));
        int faster = 0, cases = 0;
        for (String kind : List.of("maeri_conv", "maeri_fc", "sigma", "tpu_mesh")) {
            for (Map<String, String> r : grid.stream().filter(r -> r.get("kind").equals(kind)).sorted(bySize).limit(n).toList()) {
                List<String> cmd = new ArrayList<>(List.of(binary.toString()));
                cmd.addAll(List.of(r.get("options").split(" ")));
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile());
                pb.environment().put("OUTPUT_DIR", tmp.toString());
                long t0 = System.nanoTime();
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("STONNE failed on " + r.get("case") + ", see " + tmp.resolve("log"));
                double ref = (System.nanoTime() - t0) / 1e9;
                long refCycles = Long.parseLong(r.get("cycles"));
                java.util.function.LongSupplier sim = StonneGapReport.model(kind, r.get("options"));
                long warm = System.nanoTime(), cycles = 0;
                for (int i = 0; i < 20 && System.nanoTime() - warm < 1_000_000_000L; i++) cycles = sim.getAsLong();
                double best = Double.MAX_VALUE;
                for (int i = 0; i < 5; i++) {
                    long s = System.nanoTime();
                    sim.getAsLong();
                    best = Math.min(best, (System.nanoTime() - s) / 1e9);
                }
                double rate = (cycles / best) / (refCycles / ref);
                cases++;
                if (rate >= 1) faster++;
                System.out.printf("%-6s %-10s %8d %8d | %9.3f %12.0f | %9.5f %12.0f | %7.0fx%n", r.get("case"), kind, refCycles, cycles, ref, refCycles / ref,
                        best, cycles / best, rate);
            }
        }
        System.out.printf("dlas's rate at least STONNE's on %d of %d layers%n", faster, cases);
    }

    public static List<Map<String, String>> readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) row.put(header[i], cells[i]);
            out.add(row);
        }
        return out;
    }

    /** The SCALE-Sim configuration of a reference-grid row. */
    public static ScaleSimConfig config(Map<String, String> row) {
        ScaleSimConfig cfg = ScaleSimConfig.defaults()
                .withArray(Integer.parseInt(row.get("rows")), Integer.parseInt(row.get("cols")), Dataflow.parse(row.get("dataflow")))
                .withSram(Integer.parseInt(row.get("ifmap_kb")), Integer.parseInt(row.get("filter_kb")), Integer.parseInt(row.get("ofmap_kb")));
        return row.get("mode").equals("USER") ? cfg.withUserBandwidth(Integer.parseInt(row.get("bandwidth"))) : cfg.withCalcBandwidth();
    }

    /** The layer of a reference-grid row (a GEMM M N K, or a conv H W R S C filters stride). */
    public static ScaleSimLayer layer(Map<String, String> row) {
        int[] sh = java.util.Arrays.stream(row.get("shape").split(" ")).mapToInt(Integer::parseInt).toArray();
        return row.get("input").equals("gemm") ? ScaleSimLayer.gemm(row.get("layer"), sh[0], sh[1], sh[2])
                : new ScaleSimLayer(row.get("layer"), sh[0], sh[1], sh[2], sh[3], sh[4], sh[5], sh[6], sh[6]);
    }
}
