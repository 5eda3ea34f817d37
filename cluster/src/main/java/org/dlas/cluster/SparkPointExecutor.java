package org.dlas.cluster;

import java.io.PrintStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

import org.dlas.spec.PlannedPoint;
import org.dlas.store.ResultRow;
import org.dlas.sweep.PointExecutor;
import org.dlas.sweep.PointRunner;

/**
 * Runs each point as a Spark task. Every point is a job of one partition of one RDD, so that a
 * point whose task fails for good (its executor crashing on every attempt) ends as an error row
 * without aborting the others. Rows come back through the job's result handler the moment a task
 * ends and go to the engine's store on the calling thread, as in a local sweep. A worker lost
 * mid-sweep makes Spark run its tasks again elsewhere; {@link #retriedTasks()} counts those attempts.
 */
final class SparkPointExecutor implements PointExecutor {
    private record Done(int index, ResultRow row) { }

    private final SparkContext sc;
    private final PrintStream out;
    /** The job property that names a job's point (its index in the running list), read back from stage submissions. */
    private static final String POINT_PROPERTY = "dlas.point";
    private final AtomicInteger retried = new AtomicInteger();
    private final Map<Integer, Integer> pointOfStage = new ConcurrentHashMap<>();
    private final TaskTimes times = new TaskTimes();
    private volatile List<PlannedPoint> running = List.of();
    private volatile Consumer<PlannedPoint> onStart = p -> { };

    SparkPointExecutor(SparkConf conf, PrintStream out) {
        this.out = out;
        this.sc = new SparkContext(conf);
        sc.addSparkListener(new SparkListener() {
            @Override public void onStageSubmitted(SparkListenerStageSubmitted e) {
                String point = e.properties() == null ? null : e.properties().getProperty(POINT_PROPERTY);
                if (point != null) pointOfStage.put(e.stageInfo().stageId(), Integer.parseInt(point));
            }

            @Override public void onTaskStart(SparkListenerTaskStart e) {
                int attempt = e.taskInfo().attemptNumber();
                Integer point = pointOfStage.get(e.stageId()); // the bus delivers a stage's submission before its tasks
                if (attempt > 0) retried.incrementAndGet();
                else if (point != null && point < running.size()) onStart.accept(running.get(point));
            }

            @Override public void onTaskEnd(SparkListenerTaskEnd e) { times.add(e); }
        });
        out.printf("spark: application %s on %s%n", sc.applicationId(), sc.master());
    }

    @Override
    public void runAll(List<PlannedPoint> points, Consumer<PlannedPoint> onStart, Consumer<ResultRow> onDone) throws InterruptedException {
        if (points.isEmpty()) return;
        this.running = points;
        this.onStart = onStart;
        Instant start = Instant.now();
        try (JobFiles files = JobFiles.ship(sc, points)) {
            JavaSparkContext jsc = new JavaSparkContext(sc);
            // what all points share travels once per executor; a task carries only its point and this handle
            Broadcast<JobManifest> manifest = jsc.broadcast(files.manifest());
            RunPoint run = new RunPoint(manifest);
            BlockingQueue<Done> done = new LinkedBlockingQueue<>();
            List<SimpleFutureAction<BoxedUnit>> jobs = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                int point = i;
                // one RDD per point: when a stage is aborted (its task failed for good), Spark fails every active job whose
                // stage reads the same RDD, so points sharing one RDD would all fail with the one broken point
                RDD<PlannedPoint> rdd = jsc.parallelize(List.of(points.get(i)), 1).rdd();
                sc.setLocalProperty(POINT_PROPERTY, Integer.toString(i));
                // the handler runs on Spark's scheduler thread: hand the row over, store it on this one
                jobs.add(sc.submitJob(rdd, run, CollectionConverters.asScala(List.<Object>of(0)).toSeq(),
                        (zero, row) -> {
                            done.add(new Done(point, row));
                            return BoxedUnit.UNIT;
                        }, () -> BoxedUnit.UNIT));
            }
            sc.setLocalProperty(POINT_PROPERTY, null);
            Set<Integer> pending = new LinkedHashSet<>();
            for (int i = 0; i < points.size(); i++) pending.add(i);
            while (!pending.isEmpty()) {
                Done d = done.poll(200, TimeUnit.MILLISECONDS);
                if (d != null) {
                    if (pending.remove(d.index())) onDone.accept(d.row());
                    continue;
                }
                for (Integer i : List.copyOf(pending)) {
                    Throwable failure = failure(jobs.get(i));
                    if (failure == null || done.stream().anyMatch(x -> x.index() == i)) continue;
                    pending.remove(i);
                    onDone.accept(PointRunner.failed(points.get(i).point(), "failed on the cluster: " + failure.getMessage(), start));
                }
            }
        } catch (InterruptedException e) {
            sc.cancelAllJobs();
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot ship the job's files: " + e.getMessage(), e);
        }
    }

    /** The job's failure, or null while it runs or when it succeeded. */
    private static Throwable failure(SimpleFutureAction<BoxedUnit> job) {
        if (!job.isCompleted()) return null;
        Try<BoxedUnit> result = job.value().get();
        return result.isFailure() ? result.failed().get() : null;
    }

    @Override public int retriedTasks() { return retried.get(); }

    @Override public void close() {
        sc.stop(); // delivers the listener events still queued
        String summary = times.summary();
        if (!summary.isEmpty()) out.println(summary);
        out.println("spark: application stopped");
    }

    /** The task: one partition holds one point. A named class, not a lambda: it must serialize to the executors. */
    static final class RunPoint implements Function1<Iterator<PlannedPoint>, ResultRow>, Serializable {
        private static final long serialVersionUID = 2L;
        private final Broadcast<JobManifest> files;

        RunPoint(Broadcast<JobManifest> files) {
            this.files = files;
        }

        @Override public ResultRow apply(Iterator<PlannedPoint> partition) {
            try {
                return ExecutorSide.run(partition.next(), files);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("task interrupted (killed by the driver)", e);
            }
        }
    }
}
