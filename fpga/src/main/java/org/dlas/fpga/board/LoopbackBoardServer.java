package org.dlas.fpga.board;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dlas.tuner.tvm.TvmInstallation;

/**
 * The board server ({@code dlas_board_server.py}) run on this machine with the SystemC design as
 * its compute: a real TVM RPC server on loopback, so {@code mode: board} can be tried and tested
 * without a board. It runs on the Python and TVM bundled with dlas.
 */
public final class LoopbackBoardServer implements AutoCloseable {
    static final String SCRIPT = "dlas_board_server.py";

    private final Process process;
    private final int port;

    private LoopbackBoardServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server for {@code worker} on {@code port} (0: a free port) and waits until it listens. */
    public static LoopbackBoardServer start(Path worker, String host, int port) throws IOException, InterruptedException {
        int chosen = port == 0 ? freePort() : port;
        Path script = Files.createTempFile("dlas-board-server", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = LoopbackBoardServer.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IOException(SCRIPT + " is missing from the fpga jar");
            Files.write(script, in.readAllBytes());
        }
        TvmInstallation tvm = TvmInstallation.get();
        ProcessBuilder pb = new ProcessBuilder(tvm.python().toString(), "-u", script.toString(), "--host", host,
                "--port", String.valueOf(chosen), "--worker", worker.toString());
        pb.environment().putAll(tvm.childEnvironment());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("dlas board server listening")) {
                drain(out);
                return new LoopbackBoardServer(p, chosen);
            }
            if (!line.contains("apple-latest")) seen.append(line).append('\n');
        }
        p.waitFor(5, TimeUnit.SECONDS);
        throw new IOException("the board server did not start (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): " + seen);
    }

    public int port() { return port; }

    /** Keeps reading the server's output so its pipe never fills. */
    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) { }
            } catch (IOException ignored) {
                // the server ended
            }
        }, "dlas-board-server-output");
        t.setDaemon(true);
        t.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for the server to end (it serves until killed). */
    public int waitFor() throws InterruptedException { return process.waitFor(); }

    @Override public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
