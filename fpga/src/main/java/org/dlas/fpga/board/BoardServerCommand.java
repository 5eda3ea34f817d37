package org.dlas.fpga.board;

import java.util.concurrent.Callable;

import org.dlas.fpga.sim.NativeFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code dlas board-server}: the board end of {@code mode: board}, with the SystemC design as its compute. */
@Command(name = "board-server", mixinStandardHelpOptions = true,
        description = "Serve accelerator jobs over TVM's RPC as a board would, computing them on the SystemC design "
                + "(a stand-in for a PYNQ board: sweeps with {name: fpga, mode: board, board_port: PORT} send their jobs here). "
                + RpcServerOptions.AUTHENTICATION_HELP + "only dlas's job functions are served (no file transfer, no module loading). "
                + RpcServerOptions.LIFETIME_HELP)
public class BoardServerCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(BoardServerCommand.class);

    @Mixin RpcServerOptions server;

    @Override public Integer call() throws Exception {
        if (server.refused("board-server", "pynq-z1")) return 2;
        NativeFiles natives = NativeFiles.standard();
        if (natives.worker().isEmpty()) {
            System.err.println("board-server: " + natives.unavailableReason().orElse("the SystemC worker is not built"));
            return 1;
        }
        java.nio.file.Path worker = natives.worker().get();
        return server.serve("board-server", "the jobs travel", "SystemC design " + worker, "board_secret_file", LOG,
                options -> LoopbackBoardServer.start(worker, options));
    }
}
