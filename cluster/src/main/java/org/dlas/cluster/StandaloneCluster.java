package org.dlas.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A loopback Spark standalone cluster of child processes (a master and workers, each its own JVM,
 * as {@code dlas cluster master/worker} start them), for the benchmark and tests. Each daemon's log
 * goes to a file in {@code dir}.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final long READY_SECONDS = 90;

    private final Path dir;
    private final String url;
    private final List<Process> processes = new ArrayList<>();

    private StandaloneCluster(Path dir, String url) {
        this.dir = dir;
        this.url = url;
    }

    static StandaloneCluster start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        StandaloneCluster c = new StandaloneCluster(dir, "spark://" + ClusterCommand.LOOPBACK + ":" + port);
        c.launch("master", SparkDaemon.MASTER, List.of("--host", ClusterCommand.LOOPBACK, "--port", Integer.toString(port),
                "--webui-port", Integer.toString(freePort())), "I have been elected leader");
        return c;
    }

    String url() { return url; }

    /** Starts a worker offering {@code cores} and {@code memory} to executors; returns once the master has it. */
    Process addWorker(int cores, String memory) throws IOException, InterruptedException {
        return addWorker(cores, memory, false);
    }

    /** {@link #addWorker(int, String)}, in prefetch mode when asked (see {@link PointLanes}). */
    Process addWorker(int cores, String memory, boolean prefetch) throws IOException, InterruptedException {
        String name = "worker-" + processes.size();
        return launch(name, SparkDaemon.WORKER, List.of(url, "--cores", Integer.toString(PointLanes.sparkCores(cores, prefetch)), "--memory", memory,
                "--host", ClusterCommand.LOOPBACK, "--webui-port", Integer.toString(freePort()),
                "--work-dir", dir.resolve(name).resolve("work").toString()), "Successfully registered with master",
                env -> PointLanes.configure(env, cores, prefetch));
    }

    private Process launch(String name, String mainClass, List<String> args, String readyLine) throws IOException, InterruptedException {
        return launch(name, mainClass, args, readyLine, env -> { });
    }

    private Process launch(String name, String mainClass, List<String> args, String readyLine,
                           java.util.function.Consumer<java.util.Map<String, String>> env) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = SparkDaemon.builder(mainClass, args, ClusterCommand.LOOPBACK, dir.resolve(name), "256m").redirectErrorStream(true).redirectOutput(log.toFile());
        env.accept(pb.environment());
        Process p = pb.start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (!(Files.exists(log) && Files.readString(log).contains(readyLine))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Spark " + name + " did not start (" + (p.isAlive() ? "no '" + readyLine + "' in "
                        + READY_SECONDS + " s" : "exit " + p.exitValue()) + "); its log: " + log + "\n" + tail(log));
            }
            Thread.sleep(100);
        }
        return p;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) return "";
        String s = Files.readString(log);
        return s.substring(Math.max(0, s.length() - 3000));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly); // executors the worker started
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
