package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMirrorTest {

    private static int dataLines(Path csv) throws Exception {
        return Files.readAllLines(csv).size() - 1;
    }

    @Test
    void csvFollowsEveryCommittedRowOfEverySweepSharingTheStore(@TempDir Path dir) throws Exception {
        AtomicLong clock = new AtomicLong();
        LongSupplier slowPoints = clock::get;
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            CsvMirror first = new CsvMirror(store, dir, slowPoints);
            for (int i = 0; i < 3; i++) {
                clock.addAndGet(1_000_000_000L); // a second per point: every row rewrites
                store.put(TestRows.full("first", i));
                first.committed();
                // before: results.csv appeared only at the end of the sweep
                assertEquals(i + 1, dataLines(first.file()), "after row " + i);
            }
            // a second sweep sharing the store: before, its results.csv held only its own rows
            CsvMirror second = new CsvMirror(store, dir, slowPoints);
            clock.addAndGet(1_000_000_000L);
            store.put(TestRows.full("second", 10));
            second.committed();
            List<String> lines = Files.readAllLines(second.file());
            assertEquals(4, lines.size() - 1);
            assertTrue(lines.stream().anyMatch(l -> l.contains(TestRows.hash(0))) && lines.stream().anyMatch(l -> l.contains(TestRows.hash(10))));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }

    @Test
    void rewritesAreSpacedByTheirCostAndFlushCatchesUp(@TempDir Path dir) throws Exception {
        AtomicLong clock = new AtomicLong();
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            // every rewrite "takes" 1 ms on this clock: the next one is due 10 ms later
            CsvMirror mirror = new CsvMirror(store, dir, () -> clock.addAndGet(500_000));
            store.put(TestRows.full("s", 0));
            mirror.committed();
            assertEquals(1, dataLines(mirror.file()));
            store.put(TestRows.full("s", 1));
            mirror.committed();
            assertEquals(1, dataLines(mirror.file()), "too soon after the last rewrite");
            clock.addAndGet(20_000_000);
            store.put(TestRows.full("s", 2));
            mirror.committed();
            assertEquals(3, dataLines(mirror.file()));
            store.put(TestRows.full("s", 3));
            mirror.committed();
            mirror.flush();
            assertEquals(4, dataLines(mirror.file()));
        }
    }
}
