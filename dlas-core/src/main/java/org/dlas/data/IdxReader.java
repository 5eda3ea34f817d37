package org.dlas.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST-style data sets (big-endian header, unsigned bytes), gzip-compressed,
 * from the classpath. Validates the magic number, the dimensions and the element count, and names
 * the resource in every error.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    private IdxReader() { }

    /** Unsigned 8-bit images: {@code count} images of {@code rows x cols}, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public int pixel(int image, int index) { return pixels[image * rows * cols + index] & 0xff; }
    }

    /** Reads labels; {@code expectedCount} &lt; 0 accepts any count. */
    public static int[] readLabels(String resource, int expectedCount) {
        try (DataInputStream in = open(resource)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IllegalStateException(resource + ": bad IDX magic 0x" + Integer.toHexString(magic)
                        + " for a label file (expected 0x" + Integer.toHexString(LABELS_MAGIC) + ")");
            }
            int n = in.readInt();
            checkCount(resource, n, expectedCount);
            byte[] raw = new byte[n];
            in.readFully(raw);
            if (in.read() != -1) throw new IllegalStateException(resource + ": trailing bytes after " + n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = raw[i] & 0xff;
            return labels;
        } catch (EOFException e) {
            throw new IllegalStateException(resource + ": truncated IDX label file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Reads images; {@code expectedCount} &lt; 0 accepts any count. */
    public static Images readImages(String resource, int expectedCount) {
        try (DataInputStream in = open(resource)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IllegalStateException(resource + ": bad IDX magic 0x" + Integer.toHexString(magic)
                        + " for an image file (expected 0x" + Integer.toHexString(IMAGES_MAGIC) + ")");
            }
            int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
            checkCount(resource, n, expectedCount);
            if (rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
                throw new IllegalStateException(resource + ": implausible image size " + rows + "x" + cols);
            }
            long total = (long) n * rows * cols;
            if (total > Integer.MAX_VALUE - 16) throw new IllegalStateException(resource + ": too many pixels (" + total + ")");
            byte[] pixels = new byte[(int) total];
            in.readFully(pixels);
            if (in.read() != -1) throw new IllegalStateException(resource + ": trailing bytes after " + n + " images");
            return new Images(n, rows, cols, pixels);
        } catch (EOFException e) {
            throw new IllegalStateException(resource + ": truncated IDX image file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + e.getMessage(), e);
        }
    }

    private static void checkCount(String resource, int n, int expected) {
        if (n < 0) throw new IllegalStateException(resource + ": negative item count " + n);
        if (expected >= 0 && n != expected) {
            throw new IllegalStateException(resource + ": holds " + n + " items, expected " + expected);
        }
    }

    private static DataInputStream open(String resource) throws IOException {
        InputStream raw = resourceStream(resource);
        if (raw == null) {
            throw new IllegalStateException("data set resource '" + resource + "' is not on the classpath (it ships in "
                    + "org.jetbrains.kotlinx:kotlin-deeplearning-api:0.1.1; is that dependency present?)");
        }
        InputStream s = new BufferedInputStream(raw, 1 << 16);
        if (resource.endsWith(".gz")) s = new GZIPInputStream(s, 1 << 16);
        return new DataInputStream(new BufferedInputStream(s, 1 << 16));
    }

    static InputStream resourceStream(String resource) {
        ClassLoader own = IdxReader.class.getClassLoader();
        InputStream in = own == null ? null : own.getResourceAsStream(resource);
        if (in == null) {
            ClassLoader ctx = Thread.currentThread().getContextClassLoader();
            if (ctx != null) in = ctx.getResourceAsStream(resource);
        }
        return in;
    }
}
