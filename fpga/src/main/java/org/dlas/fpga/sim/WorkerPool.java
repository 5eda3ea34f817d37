package org.dlas.fpga.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dlas.fpga.sim.SimulationException.Kind;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Runs jobs on {@code dlas-fpga-worker} processes: each worker elaborates the SystemC design
 * once and then serves job after job (resetting the design per job), so a sweep's hundreds of
 * simulations cost one elaboration per worker. A worker that dies (crash, kill -9, SystemC error,
 * watchdog) fails only the job it was running; the next job starts a fresh worker.
 *
 * <p>At most {@code size} jobs run at once (one per worker); further jobs queue.
 */
public final class WorkerPool implements Simulator {
    private final Path executable;
    private final int size;
    private final ExecutorService executor;
    private final LinkedBlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final Set<Worker> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger replaced = new AtomicInteger();
    private final AtomicLong jobs = new AtomicLong();
    private volatile boolean closed;

    public WorkerPool(Path executable, int size) {
        if (size < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "pool size must be >= 1, got " + size);
        this.executable = executable;
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "dlas-fpga-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public CompletableFuture<SimResult> submit(SimConfig config, byte[] program) {
        if (closed) return CompletableFuture.failedFuture(new SimulationException(Kind.UNAVAILABLE, "the simulator pool is closed"));
        try {
            return CompletableFuture.supplyAsync(() -> execute(config, program), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SimulationException(Kind.UNAVAILABLE, "the simulator pool is closed"));
        }
    }

    private SimResult execute(SimConfig config, byte[] program) {
        Worker w = idle.poll();
        if (w == null) w = startWorker();
        boolean keep = false;
        try {
            SimResult r = w.run(config, program);
            keep = true;
            jobs.incrementAndGet();
            return r;
        } catch (WorkerProtocol.RemoteError e) {
            if (!e.fatal()) {
                keep = true;
                throw new SimulationException(Kind.BAD_REQUEST, "the design rejected the job: " + e.getMessage());
            }
            String end = w.deathReport();
            throw new SimulationException(Kind.SIMULATION_ERROR, "simulation failed in worker pid " + w.pid() + ": "
                    + e.getMessage() + " (worker replaced; it ended: " + end + ")");
        } catch (IOException e) {
            String end = w.deathReport();
            throw new SimulationException(Kind.WORKER_DIED, "simulator worker pid " + w.pid() + " died during the job ("
                    + end + "); the job failed and the worker will be replaced", e);
        } finally {
            if (keep && !closed) {
                idle.add(w);
            } else {
                all.remove(w);
                if (w.alive()) w.kill();
                if (!keep) replaced.incrementAndGet();
            }
        }
    }

    private Worker startWorker() {
        try {
            Worker w = Worker.start(executable);
            all.add(w);
            started.incrementAndGet();
            return w;
        } catch (IOException e) {
            throw new SimulationException(Kind.UNAVAILABLE, NativeFiles.diagnoseStartFailure(e.getMessage()), e);
        }
    }

    /** Starts a worker (if none is idle) and returns its self-description; fails when none can start. */
    public String probe() {
        Worker w = idle.poll();
        if (w == null) w = startWorker();
        idle.add(w);
        return w.info();
    }

    /** Process ids of the live workers (idle or busy). */
    public List<Long> pids() {
        List<Long> p = new ArrayList<>();
        for (Worker w : all) if (w.alive()) p.add(w.pid());
        return p;
    }

    /** Workers started so far, counting replacements. */
    public int workersStarted() { return started.get(); }

    /** Workers that died or were discarded after a failed job. */
    public int workersReplaced() { return replaced.get(); }

    /** Jobs finished successfully. */
    public long jobsDone() { return jobs.get(); }

    @Override public int parallelism() { return size; }

    @Override public String describe() {
        return size + " SystemC worker process" + (size == 1 ? "" : "es") + " (" + executable + ")";
    }

    @Override public void close() {
        closed = true;
        executor.shutdownNow();
        Worker w;
        while ((w = idle.poll()) != null) {
            all.remove(w);
            w.close();
        }
        for (Worker busy : all) busy.kill();
        all.clear();
    }
}
