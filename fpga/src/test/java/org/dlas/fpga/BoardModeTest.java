package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.fpga.board.LoopbackBoardServer;
import org.dlas.fpga.sim.NativeFiles;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mode: board} against a real TVM RPC server on loopback whose compute is the SystemC
 * design: the same int8 lenet gives the same outputs and the same cycle counts as {@code mode: sim}.
 */
class BoardModeTest {
    private static LoopbackBoardServer server;
    private static java.nio.file.Path secret;

    @BeforeAll static void startServer() throws Exception {
        NativeFiles natives = NativeFiles.standard();
        assumeTrue(natives.worker().isPresent(), "SystemC worker not built: " + natives.unavailableReason().orElse(""));
        secret = java.nio.file.Files.createTempDirectory("dlas-board-test").resolve("secret");
        org.dlas.tvm.rpc.RpcSecret.loadOrCreate(secret);
        server = LoopbackBoardServer.start(natives.worker().orElseThrow(), LoopbackBoardServer.Options.loopback(secret));
    }

    @AfterAll static void stopServer() {
        if (server != null) server.close();
    }

    @Test void boardModeRunsTheModelThroughTheRpcServerWithTheSimulationsResults() throws Exception {
        Graph int8 = Lenet.int8();
        Dataset images = Lenet.test(4);
        Map<String, Object> design = Map.of("design", "sa", "rows", 8, "cols", 8);
        Choice sim = new Choice("fpga", design);
        Map<String, Object> boardParams = new java.util.HashMap<>(design);
        boardParams.putAll(Map.of("mode", "board", "board_host", "127.0.0.1", "board_port", server.port(),
                "board_secret_file", secret.toString()));
        Choice board = new Choice("fpga", boardParams);
        FpgaTarget target = new FpgaTarget(NativeFiles.standard());
        try {
            assertEquals(java.util.Optional.empty(), target.unsupported(board, Choice.of("gemm"), Choice.of("none")));
            float[] viaBoard;
            Map<String, Double> boardStats;
            try (PreparedModel m = target.prepare(int8, board, Choice.of("gemm"), Choice.of("none"))) {
                viaBoard = m.infer(images.images(), images.size());
                boardStats = m.extraMetrics();
                assertTrue(m.howMeasured().contains("board at 127.0.0.1:" + server.port()) || m.notes().contains("board at"),
                        m.howMeasured() + " / " + m.notes());
            }
            float[] viaSim;
            Map<String, Double> simStats;
            try (PreparedModel m = target.prepare(int8, sim, Choice.of("gemm"), Choice.of("none"))) {
                viaSim = m.infer(images.images(), images.size());
                simStats = m.extraMetrics();
            }
            assertArrayEquals(viaSim, viaBoard, 0f);
            assertEquals(simStats.get("cycles"), boardStats.get("cycles"));
            assertTrue(boardStats.get("cycles") > 0);
        } finally {
            target.close();
        }
    }
}
