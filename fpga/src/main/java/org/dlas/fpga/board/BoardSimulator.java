package org.dlas.fpga.board;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.apache.tvm.Function;
import org.apache.tvm.Module;
import org.apache.tvm.TVMValue;
import org.dlas.fpga.sim.SimConfig;
import org.dlas.fpga.sim.SimResult;
import org.dlas.fpga.sim.SimulationException;
import org.dlas.fpga.sim.SimulationException.Kind;
import org.dlas.fpga.sim.Simulator;
import org.dlas.fpga.sim.WorkerProtocol;
import org.dlas.tuner.tvm.TvmInstallation;

/**
 * Runs accelerator jobs on a board over TVM's RPC: the host side of {@code mode: board}. Each job
 * (design configuration + the program the driver wrote for the DMA buffer) is sent to the board
 * server's {@code dlas.fpga.run} function and its statistics and int32 results come back, in the
 * same byte format as the local SystemC workers'. One session, used from one thread.
 */
public final class BoardSimulator implements Simulator {
    static final String RUN_FUNCTION = "dlas.fpga.run";
    static final String DESCRIBE_FUNCTION = "dlas.fpga.describe";

    private final String host;
    private final int port;
    private final ExecutorService rpcThread;
    private Module session;
    private Function run;
    private String serverDescription = "not connected yet";

    public BoardSimulator(String host, int port) {
        this.host = host;
        this.port = port;
        this.rpcThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dlas-fpga-board-" + host + ":" + port);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (if needed) and returns the server's self-description; fails with UNAVAILABLE. */
    public String probe() {
        try {
            return CompletableFuture.supplyAsync(() -> {
                connect();
                return serverDescription;
            }, rpcThread).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof SimulationException s) throw s;
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
        connect();
        byte[] response;
        try {
            TVMValue v = run.pushArg(WorkerProtocol.runRequest(config, program)).invoke();
            response = v.asBytes();
            v.release();
        } catch (RuntimeException e) {
            disconnect();
            throw new SimulationException(Kind.WORKER_DIED, "the board at " + where() + " failed the job: " + e.getMessage(), e);
        }
        try {
            return WorkerProtocol.readRunResponse(new ByteArrayInputStream(response));
        } catch (WorkerProtocol.RemoteError e) {
            throw new SimulationException(e.fatal() ? Kind.SIMULATION_ERROR : Kind.BAD_REQUEST, "the board's design: " + e.getMessage());
        } catch (IOException e) {
            throw new SimulationException(Kind.WORKER_DIED, "malformed answer from the board at " + where() + ": " + e.getMessage(), e);
        }
    }

    private void connect() {
        if (session != null) return;
        try {
            TvmInstallation.get().initTvm4j();
            // TVM 0.18's rpc.Connect takes (url, port, key, enable_logging); tvm4j's Client.connect
            // still passes three arguments, so the session module is opened through the global directly.
            Module s = Function.getFunction("rpc.Connect").pushArg(host).pushArg(port).pushArg("").pushArg(0).invoke().asModule();
            serverDescription = s.getFunction(DESCRIBE_FUNCTION).invoke().asString();
            run = s.getFunction(RUN_FUNCTION);
            session = s;
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new SimulationException(Kind.UNAVAILABLE, "no dlas board server answers at " + where() + " (" + e.getMessage()
                    + "); start one on the board, or `dlas board-server` here for the SystemC stand-in (fpga/README.md)", e);
        }
    }

    private void disconnect() {
        session = null;
        run = null;
    }

    private String where() { return host + ":" + port; }

    @Override public int parallelism() { return 1; }

    @Override public String describe() { return "board at " + where() + " over TVM RPC (" + serverDescription + ")"; }

    @Override public void close() {
        rpcThread.shutdownNow();
    }
}
