package org.dlas.accel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.dlas.accel.systolic.scalesim.ScaleSimConfig;
import org.dlas.accel.systolic.scalesim.ScaleSimLayer;
import org.dlas.accel.systolic.scalesim.ScaleSimReport;
import org.dlas.accel.systolic.scalesim.ScaleSimReports;
import org.dlas.accel.systolic.scalesim.ScaleSimulator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * {@code dlas sim scalesim -c ARCH.cfg -t TOPOLOGY.csv [-i conv|gemm] -p OUTDIR}: SCALE-Sim v2's
 * command line; writes COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv to
 * OUTDIR/run_name/ in SCALE-Sim's layout.
 */
@Command(name = "scalesim", mixinStandardHelpOptions = true,
        description = "Simulate a SCALE-Sim v2 topology on a SCALE-Sim systolic-array config and write SCALE-Sim's three reports.")
public class ScaleSimCommand implements Callable<Integer> {
    @Option(names = "-c", required = true, paramLabel = "ARCH.cfg", description = "SCALE-Sim config file")
    Path config;

    @Option(names = "-t", required = true, paramLabel = "TOPOLOGY.csv", description = "SCALE-Sim topology file")
    Path topology;

    @Option(names = "-i", defaultValue = "conv", paramLabel = "conv|gemm", description = "topology rows: conv layers or M,N,K GEMMs (default ${DEFAULT-VALUE})")
    String input;

    @Option(names = "-p", defaultValue = "../test_runs", paramLabel = "OUTDIR", description = "log directory; reports go to OUTDIR/run_name (default ${DEFAULT-VALUE})")
    Path out;

    PrintStream stdout = System.out;

    @Override public Integer call() throws IOException {
        if (!input.equals("conv") && !input.equals("gemm")) {
            System.err.println("dlas sim scalesim: -i '" + input + "': expected conv or gemm");
            return 2;
        }
        ScaleSimConfig cfg;
        List<ScaleSimLayer> layers;
        try {
            cfg = ScaleSimConfig.read(existing(config));
            layers = ScaleSimLayer.readTopology(existing(topology), input.equals("gemm"));
        } catch (IllegalArgumentException e) {
            System.err.println("dlas sim scalesim: " + e.getMessage());
            return 2;
        }
        Path dir = out.resolve(cfg.runName());
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        List<ScaleSimReport> reports = ScaleSimulator.run(cfg, layers);
        double secs = (System.nanoTime() - t0) / 1e9;
        ScaleSimReports.write(dir, reports);
        long cycles = reports.stream().mapToLong(ScaleSimReport::totalCycles).sum();
        for (int i = 0; i < reports.size(); i++) {
            ScaleSimReport r = reports.get(i);
            stdout.printf("layer %d %s: %d cycles, %d stall cycles, overall util %.2f %%%n", i, r.layer(), r.totalCycles(), r.stallCycles(), r.overallUtil());
        }
        stdout.printf("total %d cycles in %.3f s; reports in %s%n", cycles, secs, dir);
        return 0;
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) throw new InvalidInputException(ErrorKind.MISSING, p + ": no such file");
        return p;
    }
}
