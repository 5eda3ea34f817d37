package org.dlas.fpga.sim;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Runs jobs (programs for the SystemC designs). Implementations: {@link WorkerPool} (worker
 * processes, isolation: the default) and {@link JnaSimulator} (in this process through JNA).
 */
public interface Simulator extends AutoCloseable {

    /** Queues a job; the future fails with {@link SimulationException}. */
    CompletableFuture<SimResult> submit(SimConfig config, byte[] program);

    /** Runs a job and waits for it. */
    default SimResult run(SimConfig config, byte[] program) {
        return await(submit(config, program));
    }

    /** Jobs that can run at the same time. */
    int parallelism();

    /** One line: what runs the jobs. */
    String describe();

    @Override void close();

    /** Waits for a job, unwrapping its failure; an interrupt cancels the wait. */
    static SimResult await(CompletableFuture<SimResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw new CancellationException("interrupted while waiting for a simulation");
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof SimulationException s) throw new SimulationException(s.kind(), s.getMessage(), s);
            if (c instanceof RuntimeException r) throw r;
            throw new SimulationException(SimulationException.Kind.SIMULATION_ERROR, String.valueOf(c), c);
        }
    }
}
