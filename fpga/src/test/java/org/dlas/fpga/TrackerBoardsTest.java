package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dlas.data.Dataset;
import org.dlas.tvm.rpc.RpcSecret;
import org.dlas.fpga.board.LoopbackBoardServer;
import org.dlas.fpga.board.RpcTracker;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.junit.jupiter.api.Test;

/**
 * TVM's RPC tracker pooling two loopback board servers: 20 fpga points in {@code mode: board}
 * spread over both boards give exactly the outputs and cycles of {@code mode: sim}, also when one
 * board is killed in the middle of a point (its jobs are rerun on the other board).
 */
class TrackerBoardsTest {
    private static final int POINTS = 20;
    private final java.util.concurrent.atomic.AtomicInteger sessionsOnA = new java.util.concurrent.atomic.AtomicInteger();

    record Outcome(float[] outputs, double cycles, String notes) { }

    private static Map<String, Object> design(int i) {
        return i % 2 == 0
                ? Map.of("design", "sa", "rows", 4 + 2 * (i % 4), "cols", 4 + 4 * (i / 10))
                : Map.of("design", "vm", "lanes", 4 + 4 * (i % 3), "vector", 2 + 2 * (i / 10));
    }

    private static Outcome measure(FpgaTarget target, Graph model, Dataset images, Choice hardware) throws Exception {
        try (PreparedModel m = target.prepare(model, hardware, Choice.of("gemm"), Choice.of("none"))) {
            float[] out = m.infer(images.images(), images.size());
            return new Outcome(out, m.extraMetrics().get("cycles"), m.notes());
        }
    }

    @Test void twentyPointsOverTwoBoardsEqualTheSimulationAndSurviveABoardKilledMidPoint() throws Exception {
        Path worker = Natives.worker();
        Graph model = Lenet.int8();
        Dataset images = Lenet.test(2);
        Path secret = Files.createTempDirectory("dlas-tracker-test").resolve("secret");
        RpcSecret.loadOrCreate(secret);
        FpgaTarget target = new FpgaTarget(org.dlas.fpga.sim.NativeFiles.standard());
        ExecutorService sweep = Executors.newFixedThreadPool(2);
        try (RpcTracker tracker = RpcTracker.start("127.0.0.1", 0, System.err::println);
             LoopbackBoardServer a = LoopbackBoardServer.start(worker, LoopbackBoardServer.Options.loopback(secret).withTracker(tracker.address(), "pynq-z1"),
                     line -> {
                         System.err.println("board a: " + line);
                         if (line.contains("shut down by the client, authenticated")) sessionsOnA.incrementAndGet();
                     });
             LoopbackBoardServer b = LoopbackBoardServer.start(worker, LoopbackBoardServer.Options.loopback(secret).withTracker(tracker.address(), "pynq-z1"))) {
            List<Future<Outcome>> viaBoards = new ArrayList<>();
            for (int i = 0; i < POINTS; i++) {
                Map<String, Object> p = new HashMap<>(design(i));
                p.putAll(Map.of("mode", "board", "tracker", tracker.address(), "key", "pynq-z1", "board_secret_file", secret.toString()));
                Choice hardware = new Choice("fpga", p);
                viaBoards.add(sweep.submit(() -> measure(target, model, images, hardware)));
            }
            // once board a has served 3 points, kill it while it runs a job (its SystemC worker lives only during a session)
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (sessionsOnA.get() < 3 && System.nanoTime() < end) Thread.sleep(5);
            while (a.process().descendants().findAny().isEmpty() && System.nanoTime() < end) Thread.sleep(1);
            assertTrue(a.process().descendants().findAny().isPresent(), "board a got jobs");
            a.close();

            int onA = 0;
            int onB = 0;
            int rerun = 0;
            for (int i = 0; i < POINTS; i++) {
                Outcome board = viaBoards.get(i).get(10, TimeUnit.MINUTES);
                Outcome sim = measure(target, model, images, new Choice("fpga", design(i)));
                assertArrayEquals(sim.outputs(), board.outputs(), 0f, "point " + i + " outputs");
                assertEquals(sim.cycles(), board.cycles(), "point " + i + " cycles");
                if (board.notes().contains(":" + a.port() + " ")) onA++;
                if (board.notes().contains(":" + b.port() + " ")) onB++;
                if (board.notes().contains("rerun after a lost connection")) rerun++;
            }
            System.out.println("tracker test: " + POINTS + " points, " + onA + " on board a (killed mid-point), " + onB + " on board b, "
                    + rerun + " with jobs rerun after the kill; outputs and cycles equal to mode: sim");
            assertTrue(onA >= 4 && onB >= 1, "points on a: " + onA + ", on b: " + onB);
            assertTrue(rerun >= 1, "the point on the killed board reran its jobs on the other");
        } finally {
            sweep.shutdownNow();
            target.close();
        }
    }
}
