package org.dlas.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes result rows as RFC 4180 CSV: a header line, one line per point, CRLF line ends, UTF-8 without BOM.
 *
 * <p>Columns, in order: {@code hash, sweep, status}, the six standard axis labels ({@link ResultColumns#AXES}),
 * labels under other keys (union over the rows, sorted; usually none), every standard metric
 * ({@link ResultColumns#METRICS}, empty when not measured), the other metrics (union over the rows, sorted),
 * then {@code message, machine, versions, seed, started_at, elapsed_s}. Numbers are written exactly and without
 * exponent ({@link Figures#plain}); fractions stay fractions (top1 0.9123, not 91.23). Predictions and the point JSON
 * are not exported (they live in the database).
 */
public final class CsvExporter {

    /** The file name written by {@link #write(List, Path)}. */
    public static final String FILE = "results.csv";

    private CsvExporter() { }

    /** Writes {@code dir/results.csv} (creating {@code dir}) atomically and returns its path. */
    public static Path write(List<ResultRow> rows, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        writeAtomically(rows, file);
        return file;
    }

    /**
     * Writes {@code file} through a temporary file in the same folder, synced and then renamed over it, so a reader
     * or a process killed mid-write sees the old file or the new one, never a file cut mid-row.
     */
    public static void writeAtomically(List<ResultRow> rows, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 BufferedWriter w = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.UTF_8))) {
                write(rows, w);
                w.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the CSV text to {@code out} (does not close it). */
    public static void write(List<ResultRow> rows, Writer out) throws IOException {
        List<String> extraLabels = extraLabelKeys(rows);
        List<String> extraMetrics = extraMetricNames(rows);
        writeLine(out, header(extraLabels, extraMetrics));
        for (ResultRow r : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(r.pointHash());
            cells.add(r.sweep());
            cells.add(r.status() == null ? "" : r.status().name());
            for (String axis : ResultColumns.AXES) cells.add(Figures.label(r, axis));
            for (String key : extraLabels) cells.add(Figures.label(r, key));
            for (String m : ResultColumns.METRICS) cells.add(num(Figures.value(r, m)));
            for (String m : extraMetrics) cells.add(num(Figures.value(r, m)));
            cells.add(r.message());
            cells.add(r.machine());
            cells.add(r.versions());
            cells.add(Long.toString(r.seed()));
            cells.add(r.startedAt());
            cells.add(Figures.plain(r.elapsedSeconds()));
            writeLine(out, cells);
        }
        out.flush();
    }

    /** The CSV text as a string. */
    public static String toCsv(List<ResultRow> rows) {
        java.io.StringWriter sw = new java.io.StringWriter();
        try {
            write(rows, sw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** The header columns for these rows. */
    public static List<String> header(List<ResultRow> rows) {
        return header(extraLabelKeys(rows), extraMetricNames(rows));
    }

    private static List<String> header(List<String> extraLabels, List<String> extraMetrics) {
        List<String> h = new ArrayList<>(List.of("hash", "sweep", "status"));
        h.addAll(ResultColumns.AXES);
        h.addAll(extraLabels);
        h.addAll(ResultColumns.METRICS);
        h.addAll(extraMetrics);
        h.addAll(List.of("message", "machine", "versions", "seed", "started_at", "elapsed_s"));
        return h;
    }

    /**
     * RFC 4180 quoting of one field: fields containing a comma, a double quote, CR or LF are wrapped in double quotes
     * with inner quotes doubled; others are written as they are; {@code null} is the empty field.
     * Leading/trailing spaces are quoted too so that lenient readers do not trim them.
     */
    public static String quote(String field) {
        if (field == null || field.isEmpty()) return "";
        boolean needs = field.charAt(0) == ' ' || field.charAt(field.length() - 1) == ' ';
        for (int i = 0; i < field.length() && !needs; i++) {
            char c = field.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    private static void writeLine(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.write(',');
            out.write(quote(cells.get(i)));
        }
        out.write("\r\n");
    }

    private static String num(Double v) {
        return v == null ? "" : Figures.plain(v);
    }

    private static List<String> extraLabelKeys(List<ResultRow> rows) {
        return extraKeys(rows, ResultRow::labels, ResultColumns::isStandardAxis);
    }

    private static List<String> extraMetricNames(List<ResultRow> rows) {
        return extraKeys(rows, ResultRow::metrics, ResultColumns::isStandardMetric);
    }

    /** The keys of {@code map} over all rows that are not {@code standard}, sorted. */
    private static List<String> extraKeys(List<ResultRow> rows, java.util.function.Function<ResultRow, Map<String, ?>> map,
                                          java.util.function.Predicate<String> standard) {
        TreeSet<String> keys = new TreeSet<>();
        for (ResultRow r : rows) {
            Map<String, ?> m = map.apply(r);
            if (m != null) for (String k : m.keySet()) if (!standard.test(k)) keys.add(k);
        }
        return new ArrayList<>(keys);
    }
}
