package org.dlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.StackCatalog;
import org.dlas.sweep.SweepRunner;

/** A point that fails on an executor (here: a timeout) ends as an error row, as in a local sweep. */
class SparkLocalModeTest {

    @Test
    void pointsThatTimeOutOnAnExecutorBecomeErrorRows(@TempDir Path dir) throws Exception {
        System.setProperty("spark.executor.memory", "512m");
        // (a missing model file no longer reaches an executor: validation refuses the sweep file before any point runs)
        // far more timed repeats than fit in the 1 s limit
        ResultRow slow = onlyRow(dir, "too-slow", "lenet", "warmup: 0, repeats: 100000, test_images: 10, timeout_s: 1");
        assertTrue(slow.message().contains("timed out after 1 s"), slow.message());
    }

    /** Runs a one-point sweep on local[2] and returns its row, which must be an error row from an executor. */
    private static ResultRow onlyRow(Path dir, String name, String model, String measure) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\nmodel: " + model + "\ncompression: none\nprimitive: direct\nhardware: jvm\n"
                + "measure: {" + measure + "}\noutput: " + dir.resolve(name) + "\n");
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Summary s = new SweepRunner(1, "local[2]", new PrintStream(log, true)).run(spec);
        assertEquals(1, s.errors(), log::toString);
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            List<ResultRow> rows = store.forSweep(name);
            assertEquals(1, rows.size());
            assertTrue(rows.get(0).machine().startsWith("spark executor driver on "), rows.get(0).machine());
            return rows.get(0);
        }
    }
}
