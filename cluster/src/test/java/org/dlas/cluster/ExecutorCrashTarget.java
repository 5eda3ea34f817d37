package org.dlas.cluster;

import org.apache.spark.SparkEnv;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;

/**
 * A deliberately broken target for tests: preparing a model inside a Spark executor kills that
 * executor's JVM at once (as a native crash or the kernel's OOM killer would), so the point fails
 * on every executor it is given to. Anywhere else (a driver, a local sweep) it only throws.
 */
public final class ExecutorCrashTarget implements HardwareTarget {
    @Override public String name() { return "executor-crash"; }

    @Override public String description() { return "test target: kills the Spark executor that prepares a model"; }

    @Override public PreparedModel prepare(Graph model, Choice hardware, Choice primitive, Choice codegen) {
        SparkEnv env = SparkEnv.get();
        if (env != null && !"driver".equals(env.executorId())) Runtime.getRuntime().halt(134);
        throw new IllegalStateException("executor-crash only crashes Spark executors");
    }
}
