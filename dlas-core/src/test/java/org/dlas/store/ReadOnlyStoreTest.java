package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyStoreTest {

    private static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static void writeFinishedStore(Path dir, int rows) {
        try (SqliteResultStore store = SqliteResultStore.open(dir)) {
            for (int i = 0; i < rows; i++) store.put(TestRows.full("s", i));
        }
    }

    @Test
    void aFinishedStoreIsReadWithoutCreatingAnyFile(@TempDir Path dir) throws Exception {
        writeFinishedStore(dir, 5);
        Set<String> before = files(dir);
        // a WAL database read the ordinary way needs results.db-shm beside it: on read-only media SQLITE_CANTOPEN
        try (SqliteResultStore store = SqliteResultStore.openReadOnly(dir, true)) {
            List<ResultRow> rows = store.all();
            assertEquals(5, rows.size());
            TestRows.assertSameRow(TestRows.full("s", 3), rows.get(3));
            assertEquals(before, files(dir), "nothing written beside the database");
        }
    }

    @Test
    void unmergedWritesOnReadOnlyMediaAreNamed(@TempDir Path dir) throws Exception {
        writeFinishedStore(dir, 1);
        Files.write(dir.resolve("results.db-wal"), new byte[64]);
        StoreException e = assertThrows(StoreException.class, () -> SqliteResultStore.openReadOnly(dir, true));
        assertTrue(e.getMessage().contains("results.db-wal") && e.getMessage().contains("copy the folder"), e.getMessage());
    }

    @Test
    void aDamagedStoreSaysWhatToDo(@TempDir Path dir) throws Exception {
        writeFinishedStore(dir, 20);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("results.db").toFile(), "rw")) {
            f.seek(0);
            f.write("garbage header that is not SQLite".getBytes()); // before: "[SQLITE_NOTADB] file is not a database" only
        }
        for (boolean readOnly : new boolean[] {false, true}) {
            StoreException e = assertThrows(StoreException.class,
                    () -> { try (SqliteResultStore s = readOnly ? SqliteResultStore.openReadOnly(dir) : SqliteResultStore.open(dir)) { s.all(); } });
            assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains("rerun the sweep"), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, "one line");
        }
    }
}
