package org.dlas.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Child-process writer for the crash and lock tests: opens the store in {@code args[0]}, puts
 * {@code TestRows.full("crash", i)} for i = 0 .. args[1]-1, printing {@code PUT i} after each put returns,
 * then prints {@code SLEEPING} and sleeps (holding the lock) until killed.
 */
public final class CrashWriterMain {

    private CrashWriterMain() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        SqliteResultStore store = SqliteResultStore.open(dir);   // deliberately never closed: the test kills us
        for (int i = 0; i < rows; i++) {
            store.put(TestRows.full("crash", i));
            System.out.println("PUT " + i);
            System.out.flush();
        }
        System.out.println("SLEEPING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts this main in a new JVM with the same java binary and the test classpath; stdout+stderr merged. */
    static Process start(Path dir, int rows) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dir.toString(), Integer.toString(rows)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        Lines lines = new Lines(p);
        LINES.put(p, lines);
        return p;
    }

    private static final java.util.Map<Process, Lines> LINES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Output lines of a started child, collected by a daemon thread. */
    static Lines lines(Process p) { return LINES.get(p); }

    /** Waits (at most {@code timeoutSeconds}) for a line starting with {@code prefix}; returns it. */
    static String readUntil(Process p, String prefix, int timeoutSeconds) throws InterruptedException {
        return lines(p).until(prefix, timeoutSeconds);
    }

    static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        Lines(Process p) {
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        seen.add(line);
                        queue.add(line);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Next line starting with prefix, skipping others; fails with the child's output on timeout. */
        String until(String prefix, int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) throw new AssertionError("child printed no '" + prefix + "' in " + timeoutSeconds
                        + " s; its output:\n" + String.join("\n", snapshot()));
                if (line.startsWith(prefix)) return line;
            }
        }

        /** Waits until the child's output is fully read (it exited or was killed); true when it was. */
        boolean awaitEnd(int timeoutSeconds) throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
            return !reader.isAlive();
        }

        List<String> snapshot() {
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }
    }
}
