package org.dlas.tuner.tvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.dlas.settings.DlasSettings;

/**
 * A pool of long-lived TVM compile servers ({@code TvmCompileWorker --serve}), shared by every
 * {@link TvmCompiler} in this JVM: an untuned build is handed to an idle server instead of a new
 * child JVM, so that Python and TVM start once per server rather than once per build (the start
 * costs several times what building a small model does). At most one server per core; a build
 * that fails, times out or kills its server takes that server down, and the next build starts a
 * fresh one. Servers stop when this JVM does (their standard input closes).
 */
final class TvmCompileServers {
    private static final String EXIT = "exit";
    private static final TvmCompileServers SHARED = new TvmCompileServers(Runtime.getRuntime().availableProcessors());

    private final Semaphore slots;
    private final ConcurrentLinkedDeque<Server> idle = new ConcurrentLinkedDeque<>();

    private TvmCompileServers(int max) {
        this.slots = new Semaphore(Math.max(1, max));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> idle.forEach(Server::stop)));
    }

    static TvmCompileServers shared() { return SHARED; }

    /** True unless {@code -Ddlas.tvm.compileServer=false} asks for one child JVM per build. */
    static boolean enabled() { return DlasSettings.read().tvmCompileServer(); }

    /** Builds the job in {@code work} (its output in {@code log}); throws when TVM fails or the build takes longer than {@code timeout}. */
    void build(Path work, Path log, Path serverLog, Duration timeout) throws IOException, InterruptedException {
        slots.acquire();
        Server server = idle.pollFirst();
        try {
            if (server != null && !server.process.isAlive()) server = null; // stopped while idle: replaced
            if (server == null) server = Server.start(serverLog);
            String status = server.run(work, timeout);
            if (status == null) {
                throw new TvmCompiler.TvmBuildException("TVM build timed out after " + timeout.toSeconds() + " s; log: " + TvmCompiler.tail(log));
            }
            if (status.equals(EXIT)) {
                throw new TvmCompiler.TvmBuildException("TVM compile server stopped during the build (see " + serverLog + "): " + TvmCompiler.tail(log));
            }
            if (!status.equals("0")) throw new TvmCompiler.TvmBuildException("TVM build failed (status " + status + "): " + TvmCompiler.tail(log));
            idle.addFirst(server);
            server = null;
        } finally {
            if (server != null) server.stop();
            slots.release();
        }
    }

    /** One server process and the status lines it writes. */
    private static final class Server {
        private final Process process;
        private final Writer jobs;
        private final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();

        private Server(Process process) {
            this.process = process;
            this.jobs = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readStatuses, "tvm-compile-server-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Server start(Path serverLog) throws IOException {
            ProcessBuilder pb = TvmCompileWorker.process(TvmCompileWorker.SERVE);
            Files.createDirectories(serverLog.getParent());
            pb.redirectError(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
            return new Server(pb.start());
        }

        /** The build's status ("0": built), {@value #EXIT} when the server died, null on timeout (the server is then stopped). */
        String run(Path work, Duration timeout) throws IOException, InterruptedException {
            jobs.write(work.toAbsolutePath() + "\n");
            jobs.flush();
            String status = statuses.poll(timeout.toSeconds(), TimeUnit.SECONDS);
            if (status == null) stop();
            return status;
        }

        private void readStatuses() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(TvmCompileWorker.DONE + " ")) statuses.add(line.substring(TvmCompileWorker.DONE.length() + 1).trim());
                }
            } catch (IOException ignored) {
                // the server is gone: reported below
            }
            statuses.add(EXIT);
        }

        void stop() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    static Path serverLog(Path cacheRoot) { return cacheRoot.resolve("compile-server.log"); }
}
