package org.dlas.fpga.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.dlas.fpga.sim.WorkerProtocol.RemoteError;

/**
 * One {@code dlas-fpga-worker} process and its pipes: the binary protocol documented in
 * {@code native/src/worker.cpp}. Not thread-safe; the pool hands a worker to one job at a time.
 */
final class Worker {
    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final StderrTail stderr;
    private final String info;

    private Worker(Process process, StderrTail stderr) throws IOException, RemoteError {
        this.process = process;
        this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.stderr = stderr;
        this.info = requestInfo();
    }

    /** Starts a worker and checks it answers; the exception says why it could not start. */
    static Worker start(Path executable) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(executable.toString());
        pb.environment().put("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1");
        Process p = pb.start();
        StderrTail tail = new StderrTail(p.getErrorStream(), "dlas-fpga-worker-" + p.pid() + "-stderr");
        try {
            return new Worker(p, tail);
        } catch (IOException | RemoteError e) {
            String why = waitForDeath(p, 2000, tail);
            p.destroyForcibly();
            throw new IOException("the simulator worker " + executable + " did not start: " + why, e);
        }
    }

    long pid() { return process.pid(); }

    String info() { return info; }

    boolean alive() { return process.isAlive(); }

    String stderrTail() { return stderr.text(); }

    private String requestInfo() throws IOException, RemoteError {
        out.write(WorkerProtocol.command(WorkerProtocol.INFO));
        out.flush();
        return WorkerProtocol.readInfoResponse(in);
    }

    SimResult run(SimConfig c, byte[] program) throws IOException, RemoteError {
        out.write(WorkerProtocol.runRequest(c, program));
        out.flush();
        return WorkerProtocol.readRunResponse(in);
    }

    /** Asks the worker to quit, then makes sure it is gone. */
    void close() {
        try {
            out.write(WorkerProtocol.command(WorkerProtocol.QUIT));
            out.flush();
            out.close();
            if (!process.waitFor(1, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process and describes how it ended, with the end of its stderr. */
    String kill() {
        process.destroyForcibly();
        return waitForDeath(process, 2000, stderr);
    }

    /** How the process ended (after a broken pipe), with the end of its stderr. */
    String deathReport() {
        String report = waitForDeath(process, 2000, stderr);
        process.destroyForcibly();
        return report;
    }

    private static String waitForDeath(Process p, long millis, StderrTail tail) {
        String how;
        try {
            if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
                how = "still running (killed now)";
            } else {
                int code = p.exitValue();
                how = code > 128 ? "killed by signal " + (code - 128) : "exit status " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            how = "interrupted while waiting for it";
        }
        tail.awaitEnd(500);
        String err = tail.text().strip();
        return how + (err.isEmpty() ? "" : "; stderr: " + err);
    }

    /** Keeps the last few KB of a stream, drained on a daemon thread so the pipe never fills. */
    static final class StderrTail {
        private final byte[] ring = new byte[4096];
        private final Thread thread;
        private long written;

        StderrTail(InputStream s, String name) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[1024];
                try {
                    int n;
                    while ((n = s.read(buf)) > 0) append(buf, n);
                } catch (IOException ignored) {
                    // process gone
                }
            }, name);
            t.setDaemon(true);
            t.start();
            this.thread = t;
        }

        void awaitEnd(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void append(byte[] b, int n) {
            for (int i = 0; i < n; i++) ring[(int) (written++ % ring.length)] = b[i];
        }

        synchronized String text() {
            int len = (int) Math.min(written, ring.length);
            byte[] out = new byte[len];
            for (int i = 0; i < len; i++) out[i] = ring[(int) ((written - len + i) % ring.length)];
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
