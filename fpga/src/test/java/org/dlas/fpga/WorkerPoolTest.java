package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dlas.fpga.sim.JnaSimulator;
import org.dlas.fpga.sim.SimConfig;
import org.dlas.fpga.sim.SimResult;
import org.dlas.fpga.sim.SimulationException;
import org.dlas.fpga.sim.SimulationException.Kind;
import org.dlas.fpga.sim.WorkerPool;
import org.junit.jupiter.api.Test;

/** Many simulations through the worker pool; failures cost one job, not the pool. */
class WorkerPoolTest {

    record Gemm(GemmDriver.Program program, int[] expected) { }

    static Gemm randomGemm(Random r) {
        int m = 1 + r.nextInt(24), n = 1 + r.nextInt(40), k = 1 + r.nextInt(80);
        byte[] w = Reference.bytes(r, m * k), x = Reference.bytes(r, k * n);
        int[] bias = r.nextBoolean() ? Reference.ints(r, m, 1 << 20) : null;
        int zp = r.nextInt(256) - 128;
        DesignConfig d = switch (r.nextInt(4)) {
            case 0 -> DesignConfig.sa(1 + r.nextInt(12), 1 + r.nextInt(12), 0.0625 * (1 + r.nextInt(16)), 1 + r.nextInt(8));
            case 1 -> DesignConfig.vm(1 + r.nextInt(24), 1 + r.nextInt(8), 0.0625 * (1 + r.nextInt(16)), 1 + r.nextInt(8));
            case 2 -> DesignConfig.sa(8, 8, 16, 4);
            default -> DesignConfig.vm(16, 4, 16, 4);
        };
        return new Gemm(GemmDriver.gemmProgram(d.sim(1), m, n, k, w, x, bias, zp), Reference.gemm(m, n, k, w, x, bias, zp));
    }

    @Test void threeHundredJobsAreAllExact() {
        WorkerPool pool = Natives.pool();
        int before = pool.workersStarted();
        Random r = new Random(42);
        List<Gemm> gemms = new ArrayList<>();
        List<CompletableFuture<SimResult>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Gemm g = randomGemm(r);
            gemms.add(g);
            futures.add(pool.submit(g.program().config(), g.program().bytes()));
        }
        for (int i = 0; i < gemms.size(); i++) {
            SimResult res = futures.get(i).join();
            GemmDriver.Program p = gemms.get(i).program();
            assertArrayEquals(gemms.get(i).expected(), p.unpack(res.results()), "job " + i + " " + p.plan() + " on " + p.config());
            assertEquals(p.counts().computes, res.stats().computes());
            assertTrue(res.stats().cycles() > res.stats().computeCycles(), "cycles include the DMA");
        }
        // the workers elaborated once each and served all jobs
        assertTrue(pool.workersStarted() - before <= 2, "workers started: " + (pool.workersStarted() - before));
    }

    @Test void sameJobSameCycles() {
        Gemm g = randomGemm(new Random(5));
        SimResult a = Natives.pool().run(g.program().config(), g.program().bytes());
        SimResult b = Natives.pool().run(g.program().config(), g.program().bytes());
        assertEquals(a.stats(), b.stats(), "the design is reset between jobs");
    }

    /** A job that simulates for about a second: a 1x1 array, many passes. */
    static GemmDriver.Program slowJob() {
        Random r = new Random(1);
        int m = 16, n = 128, k = 4096;   // 8.5 M cycles: about a second
        return GemmDriver.gemmProgram(DesignConfig.sa(1, 1, 64, 4).sim(1), m, n, k, Reference.bytes(r, m * k),
                Reference.bytes(r, k * n), null, 0);
    }

    @Test void killedWorkerFailsOneJobAndThePoolRecovers() throws Exception {
        try (WorkerPool pool = new WorkerPool(Natives.worker(), 1)) {
            Gemm quick = randomGemm(new Random(9));
            pool.run(quick.program().config(), quick.program().bytes());
            long pid = pool.pids().get(0);
            GemmDriver.Program slow = slowJob();
            CompletableFuture<SimResult> running = pool.submit(slow.config(), slow.bytes());
            CompletableFuture<SimResult> queued = pool.submit(quick.program().config(), quick.program().bytes());
            Thread.sleep(300);
            assertTrue(!running.isDone(), "the slow job should still be running");
            // kill -9 <pid>: ProcessHandle.destroyForcibly sends SIGKILL on Linux
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            SimulationException e = assertThrows(SimulationException.class, () -> org.dlas.fpga.sim.Simulator.await(running));
            assertEquals(Kind.WORKER_DIED, e.kind());
            assertTrue(e.getMessage().contains("pid " + pid) && e.getMessage().contains("killed by signal 9"), e.getMessage());
            // the job queued behind it runs on a fresh worker
            assertArrayEquals(quick.expected(), quick.program().unpack(queued.get(30, TimeUnit.SECONDS).results()));
            assertNotEquals(pid, pool.pids().get(0));
            assertEquals(1, pool.workersReplaced());
            assertEquals(2, pool.workersStarted());
        }
    }

    @Test void systemcErrorFailsOneJobAndThePoolRecovers() {
        try (WorkerPool pool = new WorkerPool(Natives.worker(), 1)) {
            Gemm g = randomGemm(new Random(10));
            pool.run(g.program().config(), g.program().bytes());
            long pid = pool.pids().get(0);
            byte[] fault = new ProgramWriter().header(Isa.FAULT, 0, 0, 0, 0, 0).end().toByteArray();
            SimulationException e = assertThrows(SimulationException.class, () -> pool.run(g.program().config(), fault));
            assertEquals(Kind.SIMULATION_ERROR, e.kind());
            assertTrue(e.getMessage().contains("FAULT instruction"), e.getMessage());
            assertArrayEquals(g.expected(), g.program().unpack(pool.run(g.program().config(), g.program().bytes()).results()));
            assertNotEquals(pid, pool.pids().get(0));
        }
    }

    @Test void watchdogStopsARunawayJob() {
        try (WorkerPool pool = new WorkerPool(Natives.worker(), 1)) {
            Gemm g = randomGemm(new Random(12));
            SimulationException e = assertThrows(SimulationException.class,
                    () -> pool.run(g.program().config().withMaxCycles(5), g.program().bytes()));
            assertEquals(Kind.SIMULATION_ERROR, e.kind());
            assertTrue(e.getMessage().contains("watchdog"), e.getMessage());
            assertArrayEquals(g.expected(), g.program().unpack(pool.run(g.program().config(), g.program().bytes()).results()));
        }
    }

    @Test void badProgramIsRejectedAndTheWorkerStays() {
        WorkerPool pool = Natives.pool();
        SimConfig c = DesignConfig.sa(4, 4, 1, 4).sim(10_000);
        byte[] computeWithoutLoads = new ProgramWriter().compute(4, 4, 4, 0, 0).end().toByteArray();
        SimulationException e = assertThrows(SimulationException.class, () -> pool.run(c, computeWithoutLoads));
        assertEquals(Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("does not match the loaded weights"), e.getMessage());
        byte[] tooBig = new ProgramWriter().loadWeights(new byte[2048], 0, 2048, 0, 1, 0, 2048).end().toByteArray();
        e = assertThrows(SimulationException.class, () -> pool.run(c, tooBig));
        assertTrue(e.getMessage().contains("exceeds the weight buffer (1024 bytes)"), e.getMessage());
        int replaced = pool.workersReplaced();
        Gemm g = randomGemm(new Random(13));
        assertArrayEquals(g.expected(), g.program().unpack(pool.run(g.program().config(), g.program().bytes()).results()));
        assertEquals(replaced, pool.workersReplaced(), "a rejected job does not cost a worker");
    }

    @Test void inProcessLibraryAgreesWithTheWorker() {
        Natives.worker();
        JnaSimulator jna = JnaSimulator.instance();
        assertTrue(jna.systemcVersion().contains("SystemC 2."), jna.systemcVersion());
        Random r = new Random(21);
        for (int i = 0; i < 20; i++) {
            Gemm g = randomGemm(r);
            SimResult a = jna.run(g.program().config(), g.program().bytes());
            SimResult b = Natives.pool().run(g.program().config(), g.program().bytes());
            assertArrayEquals(g.expected(), g.program().unpack(a.results()));
            assertEquals(b.stats(), a.stats());
        }
    }
}
