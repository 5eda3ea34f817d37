package org.dlas.sweep;

import java.io.PrintStream;
import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import org.dlas.spec.PlannedPoint;
import org.dlas.store.ResultRow;

/** Shows sweep progress: a live bar (done/total, ETA, current point) on a terminal, log lines otherwise. */
public interface Progress extends AutoCloseable {
    void started(PlannedPoint p);

    void finished(ResultRow row);

    @Override void close();

    static Progress create(String sweep, int total, PrintStream out) {
        return System.console() != null ? new Bar(sweep, total) : new LogLines(total, out);
    }

    /** Terminal: a progress bar with ETA; the current point in its extra message. */
    final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(String sweep, int total) {
            bar = new ProgressBarBuilder().setTaskName(sweep).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build();
        }

        @Override public void started(PlannedPoint p) { bar.setExtraMessage(" " + String.join(" ", p.point().labels().values())); }

        @Override public void finished(ResultRow row) { bar.step(); }

        @Override public void close() { bar.close(); }
    }

    /** Not a terminal (CI, pipes): one plain line per finished point, with an ETA. */
    final class LogLines implements Progress {
        private final int total;
        private final PrintStream out;
        private final long startNanos = System.nanoTime();
        private int done;

        LogLines(int total, PrintStream out) {
            this.total = total;
            this.out = out;
        }

        @Override public void started(PlannedPoint p) { }

        @Override public synchronized void finished(ResultRow row) {
            done++;
            long elapsed = System.nanoTime() - startNanos;
            Duration eta = Duration.ofNanos(done == 0 ? 0 : elapsed / done * (total - done));
            out.printf("[%d/%d] %-7s %s (%.1f s; ETA %dm%02ds)%n", done, total, row.status(),
                    String.join(" ", row.labels().values()), row.elapsedSeconds(), eta.toMinutes(), eta.toSecondsPart());
            if (row.status() != ResultRow.Status.OK && row.message() != null) out.println("        " + row.message());
        }

        @Override public void close() { }
    }
}
