package org.dlas.fpga.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.dlas.fpga.DesignConfig;
import org.dlas.fpga.GemmDriver;
import org.dlas.fpga.sim.JnaSimulator;
import org.dlas.fpga.sim.NativeFiles;
import org.dlas.fpga.sim.SimResult;
import org.dlas.fpga.sim.Simulator;
import org.dlas.fpga.sim.WorkerPool;

/**
 * How fast the SystemC designs simulate on this machine (wall clock): simulations per second
 * for a small GEMM job (16x16x16, one tile) and simulated cycles per second for a
 * lenet-conv2-sized job (16 x 100 x 200), for both designs, through one worker process, a pool
 * of workers in parallel, and in-process through JNA.
 *
 * <pre>java -cp dlas-core.jar:fpga.jar:jna.jar org.dlas.fpga.bench.FpgaBench [--seconds 2] [--workers N]</pre>
 */
public final class FpgaBench {
    private FpgaBench() { }

    record Job(String name, GemmDriver.Program program) { }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: FpgaBench [--seconds S] [--workers N]");
                    System.exit(2);
                }
            }
        }
        NativeFiles files = NativeFiles.standard();
        if (files.unavailableReason().isPresent()) {
            System.err.println("fpga simulator unavailable: " + files.unavailableReason().get());
            System.exit(1);
        }
        var worker = files.worker().orElseThrow();
        System.out.printf(Locale.ROOT, "dlas fpga bench: %d cores, %.1f s per measurement, wall clock on this machine%n",
                Runtime.getRuntime().availableProcessors(), seconds);
        List<DesignConfig> designs = List.of(DesignConfig.vm(16, 4, 16, 4), DesignConfig.sa(8, 8, 16, 4), DesignConfig.sa(16, 16, 16, 4));
        System.out.printf(Locale.ROOT, "%-44s %-22s %12s %16s %12s%n", "design", "simulator", "sims/s", "sim cycles/s", "cycles/job");
        try (WorkerPool one = new WorkerPool(worker, 1); WorkerPool many = new WorkerPool(worker, workers)) {
            for (DesignConfig d : designs) {
                for (Job job : List.of(gemm(d, "gemm 16x16x16", 16, 16, 16), gemm(d, "gemm 16x100x200", 16, 100, 200))) {
                    report(d, job, "1 worker process", one, 1, seconds);
                    report(d, job, workers + " worker processes", many, workers, seconds);
                    report(d, job, "in-process (JNA)", JnaSimulator.instance(), 1, seconds);
                }
            }
        }
    }

    static Job gemm(DesignConfig d, String name, int m, int n, int k) {
        Random r = new Random(1);
        byte[] w = new byte[m * k], x = new byte[k * n];
        r.nextBytes(w);
        r.nextBytes(x);
        return new Job(name, GemmDriver.gemmProgram(d.sim(1), m, n, k, w, x, new int[m], 3));
    }

    static void report(DesignConfig d, Job job, String how, Simulator sim, int inFlight, double seconds) {
        GemmDriver.Program p = job.program();
        sim.run(p.config(), p.bytes());  // start/elaborate, warm up
        long end = System.nanoTime() + (long) (seconds * 1e9), t0 = System.nanoTime();
        long jobs = 0, cycles = 0;
        List<CompletableFuture<SimResult>> window = new ArrayList<>();
        while (System.nanoTime() < end) {
            while (window.size() < 2 * inFlight) window.add(sim.submit(p.config(), p.bytes()));
            SimResult r = Simulator.await(window.remove(0));
            jobs++;
            cycles += r.stats().cycles();
        }
        for (CompletableFuture<SimResult> f : window) {
            cycles += Simulator.await(f).stats().cycles();
            jobs++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-44s %-22s %12.0f %16.3e %12d%n", d.design().id() + " " + shape(d) + ", " + job.name(),
                how, jobs / s, cycles / s, cycles / jobs);
    }

    static String shape(DesignConfig d) {
        return d.design() == DesignConfig.Design.SA ? d.rows() + "x" + d.cols() : d.lanes() + "x" + d.vector();
    }
}
