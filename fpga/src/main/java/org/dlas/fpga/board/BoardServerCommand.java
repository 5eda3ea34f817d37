package org.dlas.fpga.board;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.dlas.fpga.sim.NativeFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code dlas board-server}: the board end of {@code mode: board}, with the SystemC design as its compute. */
@Command(name = "board-server", mixinStandardHelpOptions = true,
        description = "Serve accelerator jobs over TVM's RPC as a board would, computing them on the SystemC design "
                + "(a stand-in for a PYNQ board: sweeps with {name: fpga, mode: board, board_port: PORT} send their jobs here). "
                + "Clients must prove the shared secret (--secret-file, created if missing); only dlas's job functions are "
                + "served (no file transfer, no module loading). Runs until interrupted; dies with this command.")
public class BoardServerCommand implements Callable<Integer>, org.dlas.cli.CommandPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(BoardServerCommand.class);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}: this machine only)")
    String host;

    @Option(names = "--port", defaultValue = "9091", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--secret-file", description = "the shared secret clients must prove (default ~/.dlas/board-secret; "
            + "a new random one is written there, owner-only, if the file does not exist)")
    Path secretFile;

    @Option(names = "--tracker", description = "HOST:PORT of a TVM RPC tracker (`dlas tracker`) to register this board with")
    String tracker;

    @Option(names = "--key", defaultValue = "", description = "TVM RPC key: with --tracker, the device key sweeps ask for (e.g. pynq-z1)")
    String key;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds a session may stay idle before it is closed (default ${DEFAULT-VALUE})")
    double timeout;

    @Override public Integer call() throws Exception {
        if (tracker != null && (key.isBlank() || !tracker.matches(".+:\\d+"))) {
            System.err.println("board-server: --tracker takes HOST:PORT and needs --key (the device key, e.g. pynq-z1); got --tracker "
                    + tracker + " --key '" + key + "'");
            return 2;
        }
        NativeFiles natives = NativeFiles.standard();
        if (natives.worker().isEmpty()) {
            System.err.println("board-server: " + natives.unavailableReason().orElse("the SystemC worker is not built"));
            return 1;
        }
        BoardSecret secret = BoardSecret.loadOrCreate(secretFile != null ? secretFile : BoardSecret.defaultFile());
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            LOG.warn("board-server listens on " + host + ", beyond this machine. Only clients holding the secret of "
                    + secret.file() + " are served, but the jobs travel unencrypted: prefer an SSH tunnel or a VPN.");
        }
        LoopbackBoardServer.Options options = new LoopbackBoardServer.Options(host, port, key, tracker, secret.file(), timeout);
        try (LoopbackBoardServer server = LoopbackBoardServer.start(natives.worker().get(), options)) {
            System.out.println("board server listening on " + host + ":" + server.port() + " (TVM RPC; compute: SystemC design "
                    + natives.worker().get() + ")" + (tracker != null ? "; registered with tracker " + tracker + " as key '" + key + "'" : ""));
            System.out.println("shared secret: " + secret.file() + " (clients read it from the same path, or from board_secret_file)");
            System.out.println("one log line per connection follows; Ctrl-C stops the server");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server.waitFor();
        }
    }
}
