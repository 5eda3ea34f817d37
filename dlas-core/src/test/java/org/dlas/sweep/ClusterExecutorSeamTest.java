package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.cli.Dlas;
import org.dlas.spec.SpecLoader;
import org.dlas.spec.SweepSpec;
import org.dlas.store.ResultRow;
import org.dlas.store.SqliteResultStore;

/** `--master` picks a PointExecutorProvider from the class path; a row handed over twice is stored once. */
class ClusterExecutorSeamTest {

    @Test
    void lateDuplicateRowsAreStoredOnceAndCountedAsRetried(@TempDir Path dir) throws Exception {
        Path file = SweepRunnerTest.writeSweep(dir, """
                name: seam-test
                model: lenet
                compression: none
                primitive: [direct, gemm, csr]
                hardware: jvm
                measure: {warmup: 0, repeats: 1, test_images: 50}
                output: OUTPUT
                """);
        SweepSpec spec = SpecLoader.load(file, new StackCatalog());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepRunner.Summary s = new SweepRunner(1, "repeat://", new PrintStream(log, true)).run(spec);
        assertEquals(3, s.ok(), log::toString);
        assertEquals(3, s.retried());
        assertEquals(3, log.toString().lines().filter(l -> l.matches("\\[\\d/3] OK .*")).count(), log::toString);
        try (SqliteResultStore store = SqliteResultStore.open(spec.output())) {
            List<ResultRow> rows = store.forSweep("seam-test");
            assertEquals(3, rows.size());
            assertTrue(rows.stream().allMatch(r -> r.status() == ResultRow.Status.OK));
        }
    }

    @Test
    void unknownMasterIsAUsageError(@TempDir Path dir) throws Exception {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PointExecutorProvider.forMaster("nowhere://x"));
        assertEquals(ErrorKind.UNKNOWN_NAME, e.kind());
        assertTrue(e.getMessage().contains("nowhere://x") && e.getMessage().contains("repeat://"), e.getMessage());
        Path file = SweepRunnerTest.writeSweep(dir, "name: usage\nmodel: lenet\ncompression: none\nprimitive: direct\nhardware: jvm\noutput: OUTPUT\n");
        assertEquals(Dlas.EXIT_USAGE, Dlas.commandLine().execute("validate", file.toString()) == 0
                ? Dlas.commandLine().execute("sweep", "--master", "nowhere://x", file.toString()) : -1, "a valid file, refused for its --master");
    }
}
