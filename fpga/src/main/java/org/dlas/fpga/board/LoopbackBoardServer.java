package org.dlas.fpga.board;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The board server ({@code dlas_board_server.py}) run on this machine with the SystemC design as
 * its compute (or, {@link #startCpuHost}, as a remote CPU host for TVM builds): TVM's RPC protocol on loopback by default, so {@code mode: board} can be tried and
 * tested without a board. It runs on the Python and TVM bundled with dlas and dies with this JVM.
 */
public final class LoopbackBoardServer implements AutoCloseable {
    static final String SCRIPT = "dlas_board_server.py";

    /**
     * How to run it.
     *
     * @param host       address to listen on
     * @param port       TCP port, 0 for a free one
     * @param key        TVM RPC key (with a tracker: the device key clients ask the tracker for)
     * @param tracker    HOST:PORT of a TVM RPC tracker to register with, or null
     * @param secretFile the shared secret clients must prove
     * @param timeoutSeconds seconds a session may stay idle
     */
    public record Options(String host, int port, String key, String tracker, Path secretFile, double timeoutSeconds) {
        public static Options loopback(Path secretFile) {
            return new Options("127.0.0.1", 0, "", null, secretFile, 300);
        }

        public Options withTracker(String tracker, String key) {
            return new Options(host, port, key, tracker, secretFile, timeoutSeconds);
        }
    }

    private final PythonService service;
    private final int port;

    private LoopbackBoardServer(PythonService service, int port) {
        this.service = service;
        this.port = port;
    }

    /** Starts a server for {@code worker} and waits until it listens; its log lines go to {@code log}. */
    public static LoopbackBoardServer start(Path worker, Options options, Consumer<String> log) throws IOException {
        return start("board", List.of("--worker", worker.toString()), options, log);
    }

    /**
     * Starts the same server in its CPU-host role (the remote end of {@code hardware: {name: cpu,
     * rpc: ...}}): it runs TVM-built models that logged-in clients send, on this machine's CPU.
     */
    public static LoopbackBoardServer startCpuHost(Options options, Consumer<String> log) throws IOException {
        return start("cpu", List.of(), options, log);
    }

    private static LoopbackBoardServer start(String role, List<String> roleArgs, Options options, Consumer<String> log) throws IOException {
        int chosen = options.port() == 0 ? freePort() : options.port();
        List<String> args = new ArrayList<>(List.of("--role", role, "--host", options.host(), "--port", String.valueOf(chosen),
                "--key", options.key(), "--secret-file", options.secretFile().toString(),
                "--timeout", String.valueOf(options.timeoutSeconds())));
        args.addAll(roleArgs);
        if (options.tracker() != null) args.addAll(List.of("--tracker", options.tracker()));
        return new LoopbackBoardServer(PythonService.start(SCRIPT, args, "dlas " + role + " server listening", log), chosen);
    }

    /** Starts a loopback server with log lines on stderr. */
    public static LoopbackBoardServer start(Path worker, Options options) throws IOException {
        return start(worker, options, System.err::println);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() { return port; }

    /** The server process (the Python program); its descendants are the SystemC workers. */
    public ProcessHandle process() { return service.process().toHandle(); }

    /** Waits for the server to end (it serves until killed). */
    public int waitFor() throws InterruptedException { return service.waitFor(); }

    @Override public void close() { service.close(); }
}
