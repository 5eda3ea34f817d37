package org.dlas.store;

import static org.dlas.store.TestRows.assertSameRow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.dlas.store.ResultRow.Status;
import org.junit.jupiter.api.Test;

class InMemoryResultStoreTest {

    @Test
    void behavesLikeTheSqliteStore() {
        try (ResultStore store = new InMemoryResultStore()) {
            ResultRow row = TestRows.full("b", 1);
            store.put(row);
            row.predictions()[0] = 99;                       // no aliasing
            assertSameRow(TestRows.full("b", 1), store.get(TestRows.hash(1)).orElseThrow());
            store.put(TestRows.bare(TestRows.hash(1), "b", Status.ERROR, "x"));
            store.put(TestRows.bare("z", "a", Status.SKIPPED, "y"));
            assertEquals(Set.of(TestRows.hash(1)), store.hashesWithStatus(Status.ERROR));
            assertEquals(Set.of(), store.doneHashes());
            assertEquals(List.of("z", TestRows.hash(1)), store.all().stream().map(ResultRow::pointHash).toList());
            assertEquals(1, store.forSweep("a").size());
        }
    }
}
