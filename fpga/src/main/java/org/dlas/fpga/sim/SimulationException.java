package org.dlas.fpga.sim;

/** A simulation job that failed, and why. Unchecked: it crosses the kernels' interfaces. */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The configuration or program was rejected before the design ran; the simulator is fine. */
        BAD_REQUEST,
        /** SystemC reported an error or the watchdog expired; that worker was replaced. */
        SIMULATION_ERROR,
        /** The worker process died during the job (crash, kill); it was replaced. */
        WORKER_DIED,
        /** No simulator can run here (SystemC missing, worker not built, library not loadable). */
        UNAVAILABLE
    }

    private final Kind kind;

    public SimulationException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SimulationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
