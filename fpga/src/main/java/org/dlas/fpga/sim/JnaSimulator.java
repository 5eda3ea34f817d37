package org.dlas.fpga.sim;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;

import org.dlas.fpga.sim.SimulationException.Kind;

/**
 * The designs in this JVM's process through JNA ({@code libdlasfpga.so}): no pipes, but no
 * isolation either. SystemC has one kernel per process, elaborates once and is not thread-safe,
 * so there is one instance per JVM and every call runs on its single thread. After a SystemC
 * error the kernel is unusable for the rest of the process: every later job fails with the
 * first error. Prefer {@link WorkerPool} for sweeps.
 */
public final class JnaSimulator implements Simulator {
    private static volatile JnaSimulator instance;

    private final DlasFpgaLibrary lib;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dlas-fpga-jna");
        t.setDaemon(true);
        return t;
    });

    private JnaSimulator(DlasFpgaLibrary lib) {
        this.lib = lib;
    }

    /** The process-wide instance; fails with {@link Kind#UNAVAILABLE} when the library cannot load. */
    public static JnaSimulator instance() {
        if (instance == null) {
            synchronized (JnaSimulator.class) {
                if (instance == null) {
                    try {
                        instance = new JnaSimulator(Native.load("dlasfpga", DlasFpgaLibrary.class));
                    } catch (UnsatisfiedLinkError e) {
                        String m = String.valueOf(e.getMessage());
                        throw new SimulationException(Kind.UNAVAILABLE, m.contains("libsystemc") ? NativeFiles.SYSTEMC_MISSING + " (" + m + ")"
                                : "libdlasfpga.so not loadable (" + m + "); build the fpga module with SystemC installed", e);
                    }
                }
            }
        }
        return instance;
    }

    public String systemcVersion() {
        return CompletableFuture.supplyAsync(lib::dlas_fpga_systemc_version, thread).join();
    }

    @Override public CompletableFuture<SimResult> submit(SimConfig config, byte[] program) {
        return CompletableFuture.supplyAsync(() -> execute(config, program), thread);
    }

    private SimResult execute(SimConfig config, byte[] program) {
        DlasFpgaLibrary.Config c = DlasFpgaLibrary.Config.of(config);
        byte[] err = new byte[4096];
        LongByReference values = new LongByReference();
        int status = lib.dlas_fpga_check(c, program, program.length, values, err, err.length);
        if (status != 0) throw new SimulationException(Kind.BAD_REQUEST, "the design rejected the job: " + message(err));
        int[] out = new int[(int) Math.max(1, values.getValue())];
        LongByReference outLen = new LongByReference();
        DlasFpgaLibrary.Stats stats = new DlasFpgaLibrary.Stats();
        status = lib.dlas_fpga_run(c, program, program.length, out, out.length, outLen, stats, err, err.length);
        if (status == 1) throw new SimulationException(Kind.BAD_REQUEST, "the design rejected the job: " + message(err));
        if (status != 0) throw new SimulationException(Kind.SIMULATION_ERROR, "in-process simulation failed (status " + status + "): " + message(err));
        int[] results = out.length == outLen.getValue() ? out : java.util.Arrays.copyOf(out, (int) outLen.getValue());
        return new SimResult(stats.toStats(), results);
    }

    private static String message(byte[] err) {
        int n = 0;
        while (n < err.length && err[n] != 0) n++;
        return new String(err, 0, n, StandardCharsets.UTF_8);
    }

    @Override public int parallelism() { return 1; }

    @Override public String describe() { return "SystemC in this JVM through JNA (libdlasfpga.so)"; }

    /** The instance lives as long as the process (SystemC elaborates once); close does nothing. */
    @Override public void close() { }
}
