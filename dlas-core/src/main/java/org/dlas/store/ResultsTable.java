package org.dlas.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.dlas.spec.SweepPlan;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;

/**
 * Renders result rows as an aligned plain-text table for a terminal ({@code dlas results DIR}).
 *
 * <p>Columns: status, model, compression, primitive, codegen (unless none), hardware, top1 %, latency ms median [p10-p90], size KB,
 * sparsity %, MACs, label-diff %, message. Columns empty in every row are left out (except status and model).
 * The output is pure ASCII (other characters of messages become {@code ?}); cut text ends in {@code ...}.
 * See {@link #render(List, int)} for the width rule. A footer says how the figures were measured.
 */
public final class ResultsTable {

    /** Default width when the terminal width is unknown. */
    public static final int DEFAULT_WIDTH = 120;

    private static final String SEP = "  ";
    private static final int MIN_MESSAGE = 12;
    private static final int MIN_LABEL = 8;

    /**
     * A column: a two-line header (name, unit/detail), alignment, cell text, and the drop priority when the table
     * does not fit (0 = never dropped; higher numbers go first).
     */
    private record Column(String name, String unit, boolean numeric, int dropOrder, Function<ResultRow, String> cell) {
        int headerWidth() { return Math.max(name.length(), unit.length()); }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("status", "", false, 0, r -> r.status() == null ? "" : r.status().name().toLowerCase()),
            new Column("model", "", false, 0, r -> Figures.label(r, "model")),
            new Column("compression", "", false, 0, r -> Figures.label(r, "compression")),
            new Column("primitive", "", false, 0, r -> Figures.label(r, "primitive")),
            new Column("codegen", "", false, 1, ResultsTable::codegen),
            new Column("hardware", "", false, 0, r -> Figures.label(r, "hardware")),
            new Column("top1", "%", true, 0, r -> Figures.percent(Figures.value(r, Metric.TOP1), 2)),
            new Column("latency ms", "median [p10-p90]", true, 0, r -> Figures.latency(r, "-")),
            new Column("size", "KB", true, 2, r -> Figures.kilobytes(Figures.value(r, Metric.MODEL_SIZE_BYTES))),
            new Column("sparsity", "%", true, 4, r -> Figures.percent(Figures.value(r, Metric.SPARSITY), 1)),
            new Column("MACs", "", true, 5, r -> Figures.count(Figures.value(r, Metric.MACS))),
            new Column("label-diff", "%", true, 3, r -> Figures.percent(Figures.value(r, Metric.LABEL_DIFF_SHARE), 2)),
            new Column("message", "", false, 6, r -> oneLine(r.message())));

    private ResultsTable() { }

    /** The codegen label, empty for {@code none} so that sweeps without a compiler show no such column. */
    private static String codegen(ResultRow r) {
        String c = Figures.label(r, "codegen");
        return c == null || c.equals("none") ? "" : c;
    }

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

    /**
     * Leaves out the rows that the sweep file's own {@code exclude}/{@code only} rules skipped (they
     * are the plan's shape, not findings) and says how many were left out; skips for other reasons
     * (a target unavailable here, a primitive a target cannot take) stay.
     */
    public static String renderWithoutRuleSkips(List<ResultRow> rows, int maxWidth) {
        List<ResultRow> shown = rows.stream().filter(r -> !skippedByRule(r)).toList();
        int hidden = rows.size() - shown.size();
        String table = render(shown.isEmpty() ? rows : shown, maxWidth);
        if (hidden == 0 || shown.isEmpty()) return table;
        return table + hidden + " more points were skipped by the sweep file's exclude/only rules (`dlas results --all DIR` lists them).\n";
    }

    static boolean skippedByRule(ResultRow r) {
        String m = r.message();
        return r.status() == Status.SKIPPED && m != null && (m.startsWith(SweepPlan.EXCLUDED_PREFIX) || m.startsWith(SweepPlan.NOT_ONLY_PREFIX));
    }

    /**
     * Renders the table: a two-line header, a rule, one line per row, then a footer. Lines stay within
     * {@code maxWidth} whenever the essential columns (status, labels cut to 8 characters, top1, latency) fit:
     * the message column is shortened, then the longest labels, then optional columns are dropped (message first;
     * dropped messages are listed under the table instead, one per line).
     */
    public static String render(List<ResultRow> stored, int maxWidth) {
        if (stored.isEmpty()) return "no results\n";
        List<ResultRow> rows = CompactLabels.of(stored);
        List<Column> cols = new ArrayList<>();
        List<List<String>> cells = new ArrayList<>();
        for (Column col : COLUMNS) {
            List<String> values = new ArrayList<>();
            boolean any = false;
            for (ResultRow r : rows) {
                String v = col.cell().apply(r);
                v = v == null ? "" : v;
                any |= !v.isEmpty();
                values.add(v);
            }
            if (any || col.name().equals("status") || col.name().equals("model")) {
                cols.add(col);
                cells.add(values);
            }
        }
        List<Integer> width = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            int w = cols.get(c).headerWidth();
            for (String v : cells.get(c)) w = Math.max(w, v.length());
            width.add(w);
        }
        boolean messageDropped = fit(cols, cells, width, maxWidth);

        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<String> units = new ArrayList<>();
        List<String> rule = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            names.add(cols.get(c).name());
            units.add(cols.get(c).unit());
            rule.add("-".repeat(width.get(c)));
        }
        line(out, cols, width, names);
        if (units.stream().anyMatch(u -> !u.isEmpty())) line(out, cols, width, units);
        line(out, cols, width, rule);
        for (int i = 0; i < rows.size(); i++) {
            List<String> values = new ArrayList<>();
            for (int c = 0; c < cols.size(); c++) values.add(cells.get(c).get(i));
            line(out, cols, width, values);
        }
        if (messageDropped) {
            boolean header = false;
            for (ResultRow r : rows) {
                String m = oneLine(r.message());
                // OK rows carry how they were measured, which the footer already says once
                if (m.isEmpty() || r.status() == ResultRow.Status.OK) continue;
                if (!header) {
                    out.append("\nmessages:\n");
                    header = true;
                }
                String who = "  " + (r.status() == null ? "" : r.status().name().toLowerCase()) + " "
                        + String.join("/", nonEmpty(Figures.label(r, "model"), Figures.label(r, "compression"),
                        Figures.label(r, "primitive"), codegen(r), Figures.label(r, "hardware"))) + ": ";
                out.append(truncate(who + m, Math.max(maxWidth, 20))).append('\n');
            }
        }
        out.append('\n').append(footer(rows)).append('\n');
        return out.toString();
    }

    private static List<String> nonEmpty(String... s) {
        List<String> out = new ArrayList<>();
        for (String v : s) if (!v.isEmpty()) out.add(v);
        return out;
    }

    /**
     * Shrinks and drops columns (in place) until the table fits or only essential columns remain; returns true when
     * the message column was dropped.
     */
    private static boolean fit(List<Column> cols, List<List<String>> cells, List<Integer> width, int maxWidth) {
        int msg = indexOf(cols, "message");
        if (msg >= 0 && total(width) > maxWidth) {
            int over = total(width) - maxWidth;
            width.set(msg, Math.max(Math.min(width.get(msg), MIN_MESSAGE), width.get(msg) - over));
        }
        while (total(width) > maxWidth) {
            int widest = -1;
            for (int c = 0; c < cols.size(); c++) {
                Column col = cols.get(c);
                if (col.numeric() || col.name().equals("message") || col.name().equals("status")
                        || width.get(c) <= MIN_LABEL) continue;
                if (widest < 0 || width.get(c) > width.get(widest)) widest = c;
            }
            if (widest < 0) break;
            width.set(widest, width.get(widest) - 1);
        }
        boolean messageDropped = false;
        while (total(width) > maxWidth) {
            int drop = -1;
            for (int c = 0; c < cols.size(); c++) {
                int order = cols.get(c).dropOrder();
                if (order > 0 && (drop < 0 || order > cols.get(drop).dropOrder())) drop = c;
            }
            if (drop < 0) break;
            messageDropped |= cols.get(drop).name().equals("message");
            cols.remove(drop);
            cells.remove(drop);
            width.remove(drop);
        }
        return messageDropped;
    }

    private static int indexOf(List<Column> cols, String name) {
        for (int c = 0; c < cols.size(); c++) if (cols.get(c).name().equals(name)) return c;
        return -1;
    }

    private static int total(List<Integer> width) {
        int t = SEP.length() * (width.size() - 1);
        for (int w : width) t += w;
        return t;
    }

    private static void line(StringBuilder out, List<Column> cols, List<Integer> width, List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cols.size(); c++) {
            if (c > 0) sb.append(SEP);
            String v = truncate(values.get(c), width.get(c));
            String pad = " ".repeat(width.get(c) - v.length());
            if (cols.get(c).numeric()) sb.append(pad).append(v);
            else sb.append(v).append(pad);
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') end--;
        out.append(sb, 0, end).append('\n');
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

    /** Counts per status and how the figures were measured, one short line each. */
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
        if (!repeats.isEmpty()) {
            sb.append("\nLatency: median of ").append(repeats).append(" timed repeats, [p10-p90] in brackets.");
        }
        if (!images.isEmpty()) sb.append("\ntop1: share of ").append(images).append(" test images, in %.");
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
