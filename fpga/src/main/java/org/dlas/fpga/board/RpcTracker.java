package org.dlas.fpga.board;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Consumer;

/**
 * TVM's RPC tracker ({@code tvm.rpc.tracker}, through {@code dlas_tracker.py}) run on the Python
 * and TVM bundled with dlas, as a child that dies with this JVM.
 */
public final class RpcTracker implements AutoCloseable {
    private final PythonService service;
    private final String host;
    private final int port;

    private RpcTracker(PythonService service, String host, int port) {
        this.service = service;
        this.host = host;
        this.port = port;
    }

    /** Starts the tracker on host:port (port 0: a free one) and waits until it listens. */
    public static RpcTracker start(String host, int port, Consumer<String> log) throws IOException {
        int chosen = port;
        if (chosen == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                chosen = s.getLocalPort();
            }
        }
        PythonService service = PythonService.start("dlas_tracker.py", List.of("--host", host, "--port", String.valueOf(chosen)),
                "dlas tracker listening", log);
        return new RpcTracker(service, host, chosen);
    }

    /** HOST:PORT, as board servers and sweeps take it. */
    public String address() { return host + ":" + port; }

    public int waitFor() throws InterruptedException { return service.waitFor(); }

    @Override public void close() { service.close(); }
}
