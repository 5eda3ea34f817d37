package org.dlas.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.models.ModelZoo;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.SqliteResultStore;
import org.dlas.sweep.StackCatalog;
import org.dlas.sweep.SweepRunner;

/**
 * A worker in prefetch mode offers Spark two slots for its one core, yet its executor runs one
 * point at a time: the rows' measured intervals never overlap, and every point is measured once.
 */
class SparkPrefetchTest {

    @Test
    void aPrefetchingSingleCoreWorkerAnnouncesTwoSlotsAndRunsOnePointAtATime(@TempDir Path dir) throws Exception {
        ModelZoo.trained("lenet");
        System.setProperty("spark.executor.memory", "512m");
        Path file = dir.resolve("prefetch.yaml");
        Files.writeString(file, "name: prefetch\nmodel: lenet\ncompression: [none, int8]\nprimitive: [direct, gemm, csr]\nhardware: jvm\n"
                + "measure: {warmup: 1, repeats: 3, test_images: 200}\noutput: " + dir.resolve("out") + "\n");
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"))) {
            cluster.addWorker(1, "512m", true);
            String workerLog = Files.readString(dir.resolve("cluster").resolve("worker-1.log"));
            assertTrue(workerLog.contains("Starting Spark worker") && workerLog.contains("with 2 cores"), workerLog);
            SweepRunner.Summary s = new SweepRunner(1, cluster.url(), new PrintStream(log, true)).run(spec);
            assertEquals(6, s.ok(), log::toString);
        }
        List<ResultRow> rows;
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            rows = store.forSweep("prefetch");
        }
        assertEquals(6, rows.size());
        rows = rows.stream().sorted(Comparator.comparing(r -> Instant.parse(r.startedAt()))).toList();
        for (int i = 1; i < rows.size(); i++) {
            ResultRow before = rows.get(i - 1);
            Instant beforeEnd = Instant.parse(before.startedAt()).plusNanos((long) (before.elapsedSeconds() * 1e9));
            assertTrue(!Instant.parse(rows.get(i).startedAt()).isBefore(beforeEnd),
                    "point " + rows.get(i).labels() + " started at " + rows.get(i).startedAt() + " while " + before.labels() + " ran until " + beforeEnd);
        }
        for (ResultRow r : rows) assertTrue(r.machine().startsWith("spark executor 0 on "), r.machine());
    }
}
