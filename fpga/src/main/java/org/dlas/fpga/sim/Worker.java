package org.dlas.fpga.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One {@code dlas-fpga-worker} process and its pipes: the binary protocol documented in
 * {@code native/src/worker.cpp}. Not thread-safe; the pool hands a worker to one job at a time.
 */
final class Worker {
    static final int REQUEST_MAGIC = 0x314A4C44;   // "DLJ1"
    static final int RESPONSE_MAGIC = 0x31524C44;  // "DLR1"
    static final int RUN = 1, INFO = 2, QUIT = 3;

    /** The worker answered with an error status. */
    static final class RemoteError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        RemoteError(int status, String message) {
            super(message);
            this.status = status;
        }

        /** Status 1 (bad request) leaves the worker usable; 2..4 make it exit. */
        boolean fatal() { return status != 1; }
    }

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
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(REQUEST_MAGIC).putInt(INFO);
        out.write(b.array());
        out.flush();
        readStatus();
        return readString();
    }

    SimResult run(SimConfig c, byte[] program) throws IOException, RemoteError {
        ByteBuffer b = ByteBuffer.allocate(8 + 6 * 4 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(REQUEST_MAGIC).putInt(RUN);
        b.putInt(c.design()).putInt(c.rows()).putInt(c.cols()).putInt(c.lanes()).putInt(c.vector()).putInt(c.dmaBytesPerCycle());
        b.putLong(c.bufferBytes()).putLong(c.maxCycles()).putLong(program.length);
        out.write(b.array());
        out.write(program);
        out.flush();
        readStatus();
        ByteBuffer s = ByteBuffer.wrap(readFully(SimStats.FIELDS * 8 + 8)).order(ByteOrder.LITTLE_ENDIAN);
        long[] counters = new long[SimStats.FIELDS];
        for (int i = 0; i < counters.length; i++) counters[i] = s.getLong();
        long count = s.getLong();
        if (count < 0 || count > Integer.MAX_VALUE / 4) throw new IOException("bad result count " + count);
        int[] results = new int[(int) count];
        ByteBuffer r = ByteBuffer.wrap(readFully((int) count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        r.asIntBuffer().get(results);
        return new SimResult(SimStats.of(counters), results);
    }

    private void readStatus() throws IOException, RemoteError {
        ByteBuffer h = ByteBuffer.wrap(readFully(8)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = h.getInt();
        if (magic != RESPONSE_MAGIC) throw new IOException(String.format("bad response magic 0x%08x", magic));
        int status = h.getInt();
        if (status != 0) throw new RemoteError(status, readString());
    }

    private String readString() throws IOException {
        int len = ByteBuffer.wrap(readFully(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (len < 0 || len > (1 << 20)) throw new IOException("bad message length " + len);
        return new String(readFully(len), StandardCharsets.UTF_8);
    }

    private byte[] readFully(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("worker closed its output after " + b.length + " of " + n + " bytes");
        return b;
    }

    /** Asks the worker to quit, then makes sure it is gone. */
    void close() {
        try {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(REQUEST_MAGIC).putInt(QUIT);
            out.write(b.array());
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
