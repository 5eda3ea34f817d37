package org.dlas.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The one-writer-per-directory lock of a results store: an exclusive {@link FileChannel#tryLock() lock} on
 * {@code DIR/results.lock}, holding a line that names the holder for whoever finds it taken. The operating system
 * drops the lock when the holder dies, so a crashed sweep never leaves a stale lock behind.
 */
final class WriterLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code directory}.
     *
     * @throws StoreLockedException when another process (or an open store of this process) holds it
     */
    static WriterLock acquire(Path directory) throws IOException {
        Path lockPath = directory.resolve(SqliteResultStore.LOCK_FILE);
        FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StoreLockedException(directory, "a store opened earlier in this same process, not yet closed");
            }
            if (lock == null) throw new StoreLockedException(directory, describeHolder(lockPath));
            writeHolder(channel);
            return new WriterLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) lock.release();
            channel.close();
            throw e;
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String who = "pid " + ProcessHandle.current().pid() + " ("
                + ManagementFactory.getRuntimeMXBean().getName() + "), since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }

    private static String describeHolder(Path lockPath) {
        try {
            String s = Files.readString(lockPath, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "holder unknown" : "held by " + s;
        } catch (IOException e) {
            return "holder unknown";
        }
    }
}
