package org.dlas.fpga.board;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.apache.tvm.Function;
import org.dlas.fpga.sim.SimConfig;
import org.dlas.fpga.sim.SimResult;
import org.dlas.fpga.sim.SimulationException;
import org.dlas.fpga.sim.SimulationException.Kind;
import org.dlas.fpga.sim.Simulator;
import org.dlas.fpga.sim.WorkerProtocol;
import org.dlas.tvm.rpc.RpcSecret;
import org.dlas.tvm.rpc.RpcSession;
import org.dlas.tvm.rpc.TrackerClient;

/**
 * Runs accelerator jobs on a board over TVM's RPC: the host side of {@code mode: board}. Each job
 * (design configuration + the program the driver wrote for the DMA buffer) is sent to the board
 * server's {@code dlas.fpga.run} function and its statistics and int32 results come back, in the
 * same byte format as the local SystemC workers'. After connecting, the client answers the
 * server's challenge with the shared secret ({@link RpcSecret}). A job whose connection fails
 * is run again on a new connection (through a tracker: possibly another board), since jobs are
 * pure. One session, used from one thread.
 */
public final class BoardSimulator implements Simulator {
    static final String RUN_FUNCTION = "dlas.fpga.run";
    static final String DESCRIBE_FUNCTION = "dlas.fpga.describe";
    /** Tries of one job (each on a fresh connection after the first). */
    static final int ATTEMPTS = 3;

    private final BoardLink link;
    private final ExecutorService rpcThread;
    private RpcSession session;
    private Function run;
    private String connectedTo = "not connected yet";
    private String serverDescription = "";
    private int reconnects;
    /** Every board this link used, first first (more than one after a lost connection). */
    private final java.util.Set<String> boards = new java.util.LinkedHashSet<>();

    public BoardSimulator(BoardLink link) {
        this.link = link;
        this.rpcThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dlas-fpga-" + link);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (if needed) and returns the server's self-description; fails with UNAVAILABLE. */
    public String probe() {
        return onRpcThread(() -> {
            connect();
            return serverDescription;
        });
    }

    private <T> T onRpcThread(java.util.function.Supplier<T> task) {
        try {
            return CompletableFuture.supplyAsync(task, rpcThread).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    @Override public CompletableFuture<SimResult> submit(SimConfig config, byte[] program) {
        try {
            return CompletableFuture.supplyAsync(() -> execute(config, program), rpcThread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SimulationException(Kind.UNAVAILABLE, "the board link is closed"));
        }
    }

    private SimResult execute(SimConfig config, byte[] program) {
        byte[] request = WorkerProtocol.runRequest(config, program);
        for (int attempt = 1; ; attempt++) {
            connect();
            byte[] response;
            try {
                response = RpcSession.callBytes(run, request);
            } catch (RuntimeException e) {
                String where = connectedTo;
                disconnect();
                if (attempt < ATTEMPTS) {
                    reconnects++;
                    continue;
                }
                throw new SimulationException(Kind.WORKER_DIED, "the " + where + " failed the job " + ATTEMPTS + " times, last: " + e.getMessage(), e);
            }
            try {
                return WorkerProtocol.readRunResponse(new ByteArrayInputStream(response));
            } catch (WorkerProtocol.RemoteError e) {
                throw new SimulationException(e.fatal() ? Kind.SIMULATION_ERROR : Kind.BAD_REQUEST, "the board's design: " + e.getMessage());
            } catch (IOException e) {
                throw new SimulationException(Kind.WORKER_DIED, "malformed answer from the " + connectedTo + ": " + e.getMessage(), e);
            }
        }
    }

    private void connect() {
        if (session != null) return;
        RuntimeException last = null;
        // through a tracker, a board that died may still be listed for a moment: ask again
        for (int attempt = 1; attempt <= (link.viaTracker() ? 5 : 1); attempt++) {
            try {
                open();
                return;
            } catch (SimulationException e) {
                disconnect();
                throw e;
            } catch (IOException | RuntimeException | LinkageError e) {
                disconnect();
                last = new SimulationException(Kind.UNAVAILABLE, "no dlas board server answers for the " + link + " (" + e.getMessage()
                        + "); start one on the board, or `dlas board-server` here for the SystemC stand-in (fpga/README.md)", e);
                sleepBeforeRetry();
            }
        }
        throw last;
    }

    private void open() throws IOException {
        String host = link.host();
        int port = link.port();
        String rpcKey = link.key();
        if (link.viaTracker()) {
            TrackerClient.Lease lease = new TrackerClient(link.tracker()).request(link.key());
            host = lease.host();
            port = lease.port();
            rpcKey = lease.matchKey();
        }
        connectedTo = "board at " + host + ":" + port + (link.viaTracker() ? " (from tracker " + link.tracker() + ", key '" + link.key() + "')" : "");
        boards.add(connectedTo);
        try {
            session = RpcSession.open(host, port, rpcKey, link.secretFile());
        } catch (RpcSecret.Missing e) {
            throw new SimulationException(Kind.UNAVAILABLE, e.getMessage(), e);
        }
        serverDescription = session.callString(DESCRIBE_FUNCTION);
        run = session.function(RUN_FUNCTION);
    }

    private static void sleepBeforeRetry() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the session (its board goes back to the tracker); a dead link is simply dropped. */
    private void disconnect() {
        if (session != null) session.close();
        session = null;
        run = null;
    }

    /** Jobs that were run again on a new connection after theirs failed. */
    public int reconnects() { return reconnects; }

    @Override public int parallelism() { return 1; }

    @Override public String describe() {
        String used = boards.isEmpty() ? connectedTo : String.join(", then ", boards);
        return used + " over TVM RPC (" + serverDescription + ")" + (reconnects > 0 ? "; " + reconnects + " job(s) rerun after a lost connection" : "");
    }

    @Override public void close() {
        try {
            CompletableFuture.runAsync(this::disconnect, rpcThread).join();
        } catch (RejectedExecutionException | CompletionException ignored) {
            // closed already
        }
        rpcThread.shutdownNow();
    }
}
