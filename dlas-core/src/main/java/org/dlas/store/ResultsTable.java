package org.dlas.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;

/**
 * Renders result rows as an aligned plain-text table for a terminal ({@code dlas results DIR}).
 *
 * <p>Columns: status, model, compression, primitive, hardware, top1 %, latency ms median [p10-p90], size KB,
 * sparsity %, MACs, label-diff %, message. Columns empty in every row are left out (except status and model).
 * The output is pure ASCII. When the table is wider than the width limit, the message column is shortened first,
 * then the longest label columns, then the message column is dropped; cut text ends in {@code ...}.
 * A footer says how the figures were measured.
 */
public final class ResultsTable {

    /** Default width when the terminal width is unknown. */
    public static final int DEFAULT_WIDTH = 120;

    private static final String SEP = "  ";
    private static final int MIN_MESSAGE = 12;
    private static final int MIN_LABEL = 8;

    private record Column(String header, boolean numeric, Function<ResultRow, String> cell) { }

    private static final List<Column> COLUMNS = List.of(
            new Column("status", false, r -> r.status() == null ? "" : r.status().name().toLowerCase()),
            new Column("model", false, r -> Figures.label(r, "model")),
            new Column("compression", false, r -> Figures.label(r, "compression")),
            new Column("primitive", false, r -> Figures.label(r, "primitive")),
            new Column("hardware", false, r -> Figures.label(r, "hardware")),
            new Column("top1 %", true, r -> Figures.percent(Figures.value(r, Metric.TOP1), 2)),
            new Column("latency ms median [p10-p90]", true, r -> Figures.latency(r, "-")),
            new Column("size KB", true, r -> Figures.kilobytes(Figures.value(r, Metric.MODEL_SIZE_BYTES))),
            new Column("sparsity %", true, r -> Figures.percent(Figures.value(r, Metric.SPARSITY), 1)),
            new Column("MACs", true, r -> Figures.count(Figures.value(r, Metric.MACS))),
            new Column("label-diff %", true, r -> Figures.percent(Figures.value(r, Metric.LABEL_DIFF_SHARE), 2)),
            new Column("message", false, r -> oneLine(r.message())));

    private ResultsTable() { }

    /** The terminal width from {@code $COLUMNS}, or {@link #DEFAULT_WIDTH}. */
    public static int terminalWidth() {
        String c = System.getenv("COLUMNS");
        try {
            int w = c == null ? 0 : Integer.parseInt(c.trim());
            return w >= 40 ? w : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** Renders with {@link #terminalWidth()}. */
    public static String render(List<ResultRow> rows) { return render(rows, terminalWidth()); }

    /** Renders the table (header, rule, one line per row, blank line, footer), each line at most {@code maxWidth} when possible. */
    public static String render(List<ResultRow> rows, int maxWidth) {
        if (rows.isEmpty()) return "no results\n";
        List<Column> cols = new ArrayList<>();
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            Column col = COLUMNS.get(c);
            List<String> values = new ArrayList<>();
            boolean any = false;
            for (ResultRow r : rows) {
                String v = col.cell().apply(r);
                v = v == null ? "" : v;
                any |= !v.isEmpty();
                values.add(v);
            }
            if (any || c <= 1) {
                cols.add(col);
                cells.add(values);
            }
        }
        int n = cols.size();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = cols.get(c).header().length();
            for (String v : cells.get(c)) width[c] = Math.max(width[c], v.length());
        }
        int msg = cols.get(n - 1).header().equals("message") ? n - 1 : -1;
        boolean dropMessage = fit(cols, width, msg, maxWidth);
        int shown = dropMessage ? n - 1 : n;

        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < shown; c++) {
            header.add(cols.get(c).header());
            rule.add("-".repeat(width[c]));
        }
        line(out, cols, width, header, shown);
        line(out, cols, width, rule, shown);
        for (int i = 0; i < rows.size(); i++) {
            List<String> values = new ArrayList<>();
            for (int c = 0; c < shown; c++) values.add(cells.get(c).get(i));
            line(out, cols, width, values, shown);
        }
        out.append('\n').append(footer(rows)).append('\n');
        return out.toString();
    }

    /** Shrinks column widths to fit; returns true when the message column must be dropped. */
    private static boolean fit(List<Column> cols, int[] width, int msg, int maxWidth) {
        int total = total(width, width.length);
        if (total <= maxWidth) return false;
        if (msg >= 0) {
            int over = total - maxWidth;
            width[msg] = Math.max(Math.min(width[msg], MIN_MESSAGE), width[msg] - over);
            total = total(width, width.length);
        }
        while (total > maxWidth) {
            int widest = -1;
            for (int c = 1; c < cols.size(); c++) {
                if (cols.get(c).numeric() || c == msg || width[c] <= MIN_LABEL) continue;
                if (widest < 0 || width[c] > width[widest]) widest = c;
            }
            if (widest < 0) break;
            width[widest]--;
            total--;
        }
        if (total > maxWidth && msg >= 0) return true;
        return false;
    }

    private static int total(int[] width, int n) {
        int t = SEP.length() * (n - 1);
        for (int c = 0; c < n; c++) t += width[c];
        return t;
    }

    private static void line(StringBuilder out, List<Column> cols, int[] width, List<String> values, int shown) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < shown; c++) {
            if (c > 0) sb.append(SEP);
            String v = truncate(values.get(c), width[c]);
            String pad = " ".repeat(width[c] - v.length());
            if (cols.get(c).numeric()) sb.append(pad).append(v);
            else sb.append(v).append(c == shown - 1 ? "" : pad);
        }
        out.append(stripTrailing(sb)).append('\n');
    }

    private static String stripTrailing(StringBuilder sb) {
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') end--;
        return sb.substring(0, end);
    }

    /** Cuts {@code s} to {@code width} characters, ending in {@code ...} when cut. */
    static String truncate(String s, int width) {
        if (s.length() <= width) return s;
        if (width <= 3) return s.substring(0, Math.max(0, width));
        return s.substring(0, width - 3) + "...";
    }

    /** Collapses all whitespace (newlines included) to single spaces and replaces non-ASCII by '?'. */
    static String oneLine(String s) {
        if (s == null) return "";
        String flat = s.strip().replaceAll("\\s+", " ");
        StringBuilder sb = new StringBuilder(flat.length());
        for (int i = 0; i < flat.length(); i++) {
            char ch = flat.charAt(i);
            sb.append(ch < 0x20 || ch > 0x7E ? '?' : ch);
        }
        return sb.toString();
    }

    /** Counts per status and how the figures were measured, as one or two lines. */
    public static String footer(List<ResultRow> rows) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, 0);
        for (ResultRow r : rows) if (r.status() != null) counts.merge(r.status(), 1, Integer::sum);
        StringBuilder sb = new StringBuilder();
        sb.append(rows.size()).append(rows.size() == 1 ? " point: " : " points: ")
                .append(counts.get(Status.OK)).append(" ok, ")
                .append(counts.get(Status.ERROR)).append(" error, ")
                .append(counts.get(Status.SKIPPED)).append(" skipped.");
        String repeats = distinct(rows, Metric.LATENCY_REPEATS);
        String images = distinct(rows, Metric.TEST_IMAGES);
        if (!repeats.isEmpty() || !images.isEmpty()) sb.append("\n");
        if (!repeats.isEmpty()) {
            sb.append("Latency: median of ").append(repeats).append(" timed repeats, [p10-p90] in brackets.");
        }
        if (!images.isEmpty()) {
            if (!repeats.isEmpty()) sb.append(' ');
            sb.append("top1 on ").append(images).append(" test images.");
        }
        return sb.toString();
    }

    /** The distinct integer values of a metric over OK rows: {@code 30}, or {@code 10-30} when they vary; "" if none. */
    static String distinct(List<ResultRow> rows, String metric) {
        TreeSet<Long> values = new TreeSet<>();
        for (ResultRow r : rows) {
            if (r.status() == Status.OK && Figures.has(r, metric)) values.add(Math.round(Figures.value(r, metric)));
        }
        if (values.isEmpty()) return "";
        if (values.size() == 1) return values.first().toString();
        return values.first() + "-" + values.last();
    }
}
