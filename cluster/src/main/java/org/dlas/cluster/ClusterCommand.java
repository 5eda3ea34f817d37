package org.dlas.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.dlas.cli.CommandPlugin;

/** {@code dlas cluster}: a Spark standalone cluster from dlas's own class path, no Spark distribution needed. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Run Apache Spark's standalone master and workers with dlas's class path, for `dlas sweep --master spark://...`.",
                "Both bind to loopback (127.0.0.1) unless --host says otherwise."},
        subcommands = {ClusterCommand.Master.class, ClusterCommand.Worker.class, SparkBench.class})
public final class ClusterCommand implements CommandPlugin, Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    static final String LOOPBACK = "127.0.0.1";
    private static final Pattern MASTER_URL = Pattern.compile("spark://[^:/]+:[0-9]+");

    static String bindNote(String host) {
        return host.startsWith("127.") || host.equals("localhost")
                ? "bound to loopback only: other machines cannot join (give --host with this machine's address for that)"
                : "bound to " + host + ": reachable from other machines; Spark's RPC is not authenticated unless spark.authenticate is set";
    }

    @Command(name = "master", mixinStandardHelpOptions = true, description = "Run Spark's standalone master; prints the spark:// URL workers and sweeps take.")
    static final class Master implements Callable<Integer> {
        @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE})") String host = LOOPBACK;
        @Option(names = "--port", description = "RPC port (default: ${DEFAULT-VALUE})") int port = 7077;
        @Option(names = "--webui-port", description = "web UI port (default: ${DEFAULT-VALUE})") int webuiPort = 8080;
        @Option(names = "--dir", description = "scratch and generated SPARK_HOME (default: the dlas cache's spark/ folder)") Path dir;

        @Override public Integer call() throws Exception {
            String url = "spark://" + host + ":" + port;
            Path d = dir != null ? dir : SparkDaemon.defaultDir("master", host + "-" + port);
            ProcessBuilder pb = SparkDaemon.builder(SparkDaemon.MASTER,
                    List.of("--host", host, "--port", Integer.toString(port), "--webui-port", Integer.toString(webuiPort)), host, d, "512m");
            return runDaemon("master", pb, "I have been elected leader", "spark master " + url + " (" + bindNote(host) + "; web UI on port " + webuiPort + ")\n"
                    + "start workers with: dlas cluster worker " + url + "\nrun sweeps with:   dlas sweep FILE --master " + url);
        }
    }

    @Command(name = "worker", mixinStandardHelpOptions = true, description = "Run a Spark standalone worker that joins MASTER and starts executors with dlas's class path.")
    static final class Worker implements Callable<Integer> {
        @Parameters(paramLabel = "MASTER", description = "the master's URL, spark://HOST:PORT (printed by `dlas cluster master`)") String master;
        @Option(names = "--cores", description = "cores to offer (one point runs per core; default: ${DEFAULT-VALUE})") int cores = Runtime.getRuntime().availableProcessors();
        @Option(names = "--memory", description = "memory to offer executors, e.g. 2g (default: ${DEFAULT-VALUE})") String memory = "2g";
        @Option(names = "--host", description = "address to bind (default: ${DEFAULT-VALUE})") String host = LOOPBACK;
        @Option(names = "--port", description = "RPC port (default: 0, any free one)") int port;
        @Option(names = "--webui-port", description = "web UI port (default: 0, any free one)") int webuiPort;
        @Option(names = "--dir", description = "work dir (executor logs, fetched files), scratch and generated SPARK_HOME (default: the dlas cache's spark/ folder)") Path dir;
        @Option(names = "--prefetch", description = "let each core's next task arrive while its point runs (Spark sees twice the cores; one point per core still runs at a time)") boolean prefetch;

        @Override public Integer call() throws Exception {
            if (!MASTER_URL.matcher(master).matches()) {
                System.err.println("dlas cluster worker: MASTER '" + master + "' is not a spark://HOST:PORT URL");
                return org.dlas.cli.Dlas.EXIT_USAGE;
            }
            Path d = dir != null ? dir : SparkDaemon.defaultDir("worker", host + "-" + ProcessHandle.current().pid());
            List<String> args = new ArrayList<>(List.of(master, "--cores", Integer.toString(PointLanes.sparkCores(cores, prefetch)), "--memory", memory, "--host", host,
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(webuiPort), "--work-dir", d.resolve("work").toString()));
            ProcessBuilder pb = SparkDaemon.builder(SparkDaemon.WORKER, args, host, d, "512m");
            PointLanes.configure(pb.environment(), cores, prefetch);
            return runDaemon("worker", pb, "Successfully registered with master", "spark worker joined " + master + " with " + cores + " core(s)" + (prefetch ? " (prefetch)" : "") + ", "
                    + memory + " (" + bindNote(host) + "); work dir " + d.resolve("work"));
        }
    }

    /** Runs the daemon in the foreground, echoing its log; prints {@code ready} once its log shows {@code readyLine}. */
    static int runDaemon(String what, ProcessBuilder pb, String readyLine, String ready) throws Exception {
        pb.redirectErrorStream(true);
        Process p = pb.start(); // its stdin pipe stays open (never written): when this JVM dies, even by SIGKILL, the daemon exits
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy)); // Ctrl-C stops the daemon too
        System.out.println("started Spark's standalone " + what + " as process " + p.pid());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                if (line.contains(readyLine)) System.out.println(ready);
            }
        }
        return p.waitFor();
    }
}
