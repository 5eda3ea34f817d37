package org.dlas.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Keeps {@code results.csv} equal to a store: all of the store's rows (every sweep that shares it), rewritten
 * atomically after committed rows. A rewrite reads the whole store, so on a big store rewrites are spaced to keep
 * their cost under a tenth of the sweep's time: at most {@link #OVERHEAD} times the last rewrite's duration apart.
 * Small sweeps get a rewrite after every row; {@link #flush} writes whatever is pending.
 */
public final class CsvMirror {

    static final int OVERHEAD = 10;

    private final SqliteResultStore store;
    private final Path file;
    private final LongSupplier nanoClock;
    private long nextDue;
    private long lastCost;
    private boolean pending;

    public CsvMirror(SqliteResultStore store, Path dir) { this(store, dir, System::nanoTime); }

    CsvMirror(SqliteResultStore store, Path dir, LongSupplier nanoClock) {
        this.store = store;
        this.file = dir.resolve(CsvExporter.FILE);
        this.nanoClock = nanoClock;
    }

    /**
     * Called after a row was committed to the store: rewrites the file unless the last rewrite was too recent. A
     * failed rewrite does not stop the sweep (the row is safe in the store); it is retried, and {@link #flush}
     * reports it.
     */
    public synchronized void committed() {
        pending = true;
        if (nanoClock.getAsLong() < nextDue) return;
        try {
            flush();
        } catch (IOException | StoreException e) {
            nextDue = nanoClock.getAsLong() + OVERHEAD * Math.max(lastCost, 1_000_000L);
        }
    }

    /** Rewrites the file from the store now if anything was committed since the last rewrite, or it never was written. */
    public synchronized void flush() throws IOException {
        if (!pending && lastCost > 0) return;
        long start = nanoClock.getAsLong();
        CsvExporter.writeAtomically(store.all(), file);
        long end = nanoClock.getAsLong();
        lastCost = Math.max(1, end - start);
        nextDue = end + OVERHEAD * lastCost;
        pending = false;
    }

    public Path file() { return file; }
}
