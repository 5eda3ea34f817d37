package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.models.ModelZoo;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow.Status;
import org.dlas.store.SqliteResultStore;

/**
 * Kills a real `dlas sweep` process (SIGKILL) part-way, then checks that the store is intact and
 * that rerunning the same sweep measures only the points that were missing.
 */
class SweepKillAndResumeTest {

    @Test
    void killedSweepLosesNothingAndRerunCompletesOnlyMissingPoints(@TempDir Path dir) throws Exception {
        ModelZoo.trained("lenet"); // train (or load) once here so the child process finds it cached
        Path file = SweepRunnerTest.writeSweep(dir, """
                name: kill-test
                model: lenet
                compression: [none, {name: prune, sparsity: 0.5}, {name: prune, sparsity: 0.8}]
                primitive: [direct, gemm, csr, bsr]
                hardware: jvm
                measure: {warmup: 1, repeats: 3, test_images: 300}
                output: OUTPUT
                """);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true"));
        if (System.getProperty("dlas.cache") != null) cmd.add("-Ddlas.cache=" + System.getProperty("dlas.cache"));
        cmd.addAll(List.of("org.dlas.cli.Dlas", "sweep", "--no-report", file.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        int seen = 0;
        StringBuilder transcript = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                transcript.append(line).append('\n');
                if (line.startsWith("[") && line.contains("] OK")) seen++;
                if (seen == 4) break;
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(4, seen, transcript::toString);
        assertTrue(child.exitValue() != 0, "the sweep was killed before it finished");

        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        int stored;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + spec.output().resolve("results.db"));
             ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            Set<String> ok = store.hashesWithStatus(Status.OK);
            stored = ok.size();
            assertTrue(stored >= 4 && stored < 12, "stored " + stored);
        }
        // before: results.csv was written only at the end of a sweep, so a killed sweep had none
        // (rewrites may be spaced on a loaded machine, so it can lag the store by a few rows, never hold a cut one)
        String csvText = Files.readString(spec.output().resolve("results.csv"));
        long csvRows = csvText.lines().count() - 1;
        assertTrue(csvRows >= 1 && csvRows <= stored && csvText.endsWith("\n"), "csv rows " + csvRows + ", stored " + stored);

        SweepRunner.Summary rerun = new SweepRunner(1, new PrintStream(new ByteArrayOutputStream())).run(spec);
        assertEquals(12, rerun.points());
        assertEquals(stored, rerun.alreadyMeasured());
        assertEquals(12 - stored, rerun.ok(), "only the missing points ran");
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            assertEquals(12, store.hashesWithStatus(Status.OK).size());
        }
        assertEquals(1 + 12, Files.readAllLines(spec.output().resolve("results.csv")).size(), "the csv holds every stored row");
    }
}
