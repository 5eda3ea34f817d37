package org.dlas.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Where a point's task spends the time Spark adds around it, from Spark's own task metrics: the
 * executor deserialising the task (with its broadcast), serialising the result, and what is left
 * of launch-to-finish for scheduling and the network; plus the idle time between one task's end
 * and the next one's launch on the same executor core.
 */
final class TaskTimes {
    private record Task(String executor, long launch, long finish, long deserialize, long run, long resultSerialize) { }

    private final List<Task> tasks = new ArrayList<>();

    synchronized void add(SparkListenerTaskEnd e) {
        TaskInfo info = e.taskInfo();
        TaskMetrics m = e.taskMetrics();
        if (m == null || !info.successful()) return;
        tasks.add(new Task(info.executorId(), info.launchTime(), info.finishTime(), m.executorDeserializeTime(), m.executorRunTime(),
                m.resultSerializationTime()));
    }

    /** One line of means in milliseconds, or empty before any task ended. */
    synchronized String summary() {
        if (tasks.isEmpty()) return "";
        int n = tasks.size();
        double wall = tasks.stream().mapToLong(t -> t.finish() - t.launch()).sum() / (double) n;
        double deserialize = tasks.stream().mapToLong(Task::deserialize).sum() / (double) n;
        double run = tasks.stream().mapToLong(Task::run).sum() / (double) n;
        double result = tasks.stream().mapToLong(Task::resultSerialize).sum() / (double) n;
        // idle gaps: per executor, next launch minus previous finish (meaningful for single-core executors)
        long idle = 0;
        int gaps = 0;
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(Task::executor).thenComparingLong(Task::launch));
        for (int i = 1; i < sorted.size(); i++) {
            Task a = sorted.get(i - 1);
            Task b = sorted.get(i);
            if (a.executor().equals(b.executor()) && b.launch() >= a.finish()) {
                idle += b.launch() - a.finish();
                gaps++;
            }
        }
        long[] d = tasks.stream().mapToLong(Task::deserialize).sorted().toArray();
        long[] other = tasks.stream().mapToLong(t -> t.finish() - t.launch() - t.deserialize() - t.run() - t.resultSerialize()).sorted().toArray();
        return String.format(Locale.ROOT, "spark: %d tasks, mean ms per task: launch to finish %.0f (executor: deserialise %.0f, run %.0f, "
                + "result serialise %.0f; scheduling and network %.0f); medians: deserialise %d, scheduling and network %d; "
                + "idle between tasks on an executor %.0f",
                n, wall, deserialize, run, result, wall - deserialize - run - result, d[n / 2], other[n / 2], gaps == 0 ? 0.0 : idle / (double) gaps);
    }
}
