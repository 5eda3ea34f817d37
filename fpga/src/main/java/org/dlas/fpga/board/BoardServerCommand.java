package org.dlas.fpga.board;

import java.util.concurrent.Callable;

import org.dlas.fpga.sim.NativeFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dlas board-server}: the board end of {@code mode: board}, with the SystemC design as its compute. */
@Command(name = "board-server", mixinStandardHelpOptions = true,
        description = "Serve accelerator jobs over TVM's RPC as a board would, computing them on the SystemC design "
                + "(a stand-in for a PYNQ board: sweeps with {name: fpga, mode: board, board_port: PORT} send their jobs here). "
                + "Runs until interrupted.")
public class BoardServerCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "9091", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Override public Integer call() throws Exception {
        NativeFiles natives = NativeFiles.standard();
        if (natives.worker().isEmpty()) {
            System.err.println("board-server: " + natives.unavailableReason().orElse("the SystemC worker is not built"));
            return 1;
        }
        try (LoopbackBoardServer server = LoopbackBoardServer.start(natives.worker().get(), host, port)) {
            System.out.println("board server listening on " + host + ":" + server.port() + " (TVM RPC; compute: SystemC design "
                    + natives.worker().get() + "); Ctrl-C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server.waitFor();
        }
    }
}
