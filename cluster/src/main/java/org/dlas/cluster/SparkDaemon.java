package org.dlas.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.launcher.JavaModuleOptions;

import org.dlas.models.ModelZoo;

/**
 * Starts Spark's own standalone Master or Worker (from the Spark jars on dlas's class path, no
 * Spark distribution) as a child JVM with the same class path, which exits when its launcher
 * does (through {@link ExitWithParent}: the caller must keep the child's stdin pipe open). Spark's Worker builds its
 * executors' command from {@code SPARK_HOME}; without a distribution that is a generated folder
 * with an empty {@code jars/}, and the executors get dlas's class path through
 * {@code SPARK_DIST_CLASSPATH} (Spark's mechanism for a "Hadoop free" build), in the same order.
 */
final class SparkDaemon {
    static final String MASTER = "org.apache.spark.deploy.master.Master";
    static final String WORKER = "org.apache.spark.deploy.worker.Worker";

    private SparkDaemon() { }

    /**
     * The command and environment of a daemon bound to {@code host}. {@code dir} holds the generated SPARK_HOME and the
     * scratch folders; {@code heap} the daemon's -Xmx (executors are sized by the driver's
     * {@code spark.executor.memory}).
     */
    static ProcessBuilder builder(String mainClass, List<String> args, String host, Path dir, String heap) throws IOException {
        Path home = sparkHome(dir);
        Path scratch = Files.createDirectories(dir.resolve("tmp"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-Djava.io.tmpdir=" + scratch);
        // ports are given: fail instead of silently taking the next one (workers would join a stale master)
        cmd.add("-Dspark.port.maxRetries=0");
        cmd.add("-Dspark.master.rest.enabled=false");
        cmd.add("-Dlog4j2.configurationFile=" + log4jConfig(home));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ExitWithParent.class.getName()); // the daemon ends with whoever started it, even on SIGKILL
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_DIST_CLASSPATH", System.getProperty("java.class.path"));
        env.put("SPARK_LOCAL_DIRS", scratch.toString());
        env.put("SPARK_LOCAL_IP", host); // else Spark advertises the machine's interface, whatever it binds
        return pb;
    }

    /** A SPARK_HOME for Spark's launcher code: {@code jars/} (empty: the class path comes from SPARK_DIST_CLASSPATH) and {@code conf/}. */
    static Path sparkHome(Path dir) throws IOException {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Path log4j = home.resolve("conf").resolve("log4j2.properties");
        if (!Files.exists(log4j)) {
            try (var in = SparkDaemon.class.getResourceAsStream("/org/dlas/cluster/log4j2-daemon.properties")) {
                Files.copy(in, log4j);
            }
        }
        return home;
    }

    private static String log4jConfig(Path home) {
        return home.resolve("conf").resolve("log4j2.properties").toUri().toString();
    }

    /** Where a daemon's folders go by default: the dlas cache (per machine), one folder per kind and port. */
    static Path defaultDir(String kind, String id) {
        return ModelZoo.cacheDir().resolve("spark").resolve(kind + "-" + id.replaceAll("[^A-Za-z0-9.-]", "_"));
    }
}
