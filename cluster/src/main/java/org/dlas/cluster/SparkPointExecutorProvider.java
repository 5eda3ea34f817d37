package org.dlas.cluster;

import java.io.PrintStream;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;

import org.dlas.spec.SweepSpec;
import org.dlas.sweep.PointExecutor;
import org.dlas.sweep.PointExecutorProvider;

/** {@code dlas sweep --master URL} on Apache Spark: standalone, local, local-cluster, YARN and Kubernetes masters. */
public final class SparkPointExecutorProvider implements PointExecutorProvider {
    private static final Pattern MASTERS = Pattern.compile("spark://.+|local(\\[.+])?|local-cluster\\[.+]|yarn|k8s://.+");
    private static final Pattern LOOPBACK = Pattern.compile("local.*|spark://(127\\.[0-9.]+|localhost)(:[0-9]+)?");

    @Override public boolean accepts(String master) { return MASTERS.matcher(master).matches(); }

    @Override public String masterSyntax() { return "spark://HOST:PORT, local[N], local-cluster[W,C,MB], yarn or k8s://URL"; }

    @Override public PointExecutor create(String master, SweepSpec spec, PrintStream out) {
        return new SparkPointExecutor(conf(master, "dlas sweep " + spec.name()), out);
    }

    /** Spark settings: -Dspark.* system properties (and spark-submit's) win over these defaults. */
    static SparkConf conf(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(master).setIfMissing("spark.app.name", appName)
                .setIfMissing("spark.ui.enabled", "false")
                // a point is one task: run it once unless its executor is lost (that loss does not count)
                .setIfMissing("spark.speculation", "false");
        if (LOOPBACK.matcher(master).matches()) {
            // a loopback cluster: keep the driver on loopback too (Spark would advertise the machine's interface)
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }
}
