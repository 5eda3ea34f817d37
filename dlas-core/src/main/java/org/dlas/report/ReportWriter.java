package org.dlas.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.dlas.store.Figures;
import org.dlas.store.Machine;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;

/**
 * Writes the human-facing report of a set of result rows into {@code OUT/report/}:
 * <ul>
 *   <li>{@code accuracy_vs_latency.png/.svg} — top-1 against median latency, one series per hardware, p10–p90
 *       whiskers, the Pareto front (max accuracy, min latency) as a dashed line; log x when latencies span over 10×.</li>
 *   <li>{@code latency_per_primitive.png/.svg} — median latency per primitive, grouped by model.</li>
 *   <li>{@code accuracy_vs_compression.png/.svg} — top-1 per compression label per model; only when some row has a
 *       sparsity or the compression label varies.</li>
 *   <li>{@code report.md} — sweeps, status counts, how it was measured, the plots, the Pareto-optimal points, a table
 *       of all OK points (by model, then latency), and the errors and skip reasons.</li>
 * </ul>
 * Only OK rows enter plots and tables of figures. A plot without data is not written and the report says so.
 * Rendering runs headless ({@code java.awt.headless=true}).
 */
public final class ReportWriter {

    /** Sub-directory of the output directory that receives the report. */
    public static final String DIR = "report";
    public static final String ACCURACY_VS_LATENCY = "accuracy_vs_latency";
    public static final String LATENCY_PER_PRIMITIVE = "latency_per_primitive";
    public static final String ACCURACY_VS_COMPRESSION = "accuracy_vs_compression";
    public static final String CYCLES_PER_HARDWARE = "cycles_per_hardware";
    public static final String MARKDOWN = "report.md";

    private static final String DASH = "\u2013";
    private static final int MAX_MESSAGE = 400;

    private ReportWriter() { }

    /**
     * Writes the report for {@code rows} into {@code outDir/report/} (created if needed; files there are
     * overwritten, a stale plot from an earlier report is deleted) and returns the path of {@code report.md}.
     */
    public static Path write(List<ResultRow> stored, Path outDir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<ResultRow> rows = org.dlas.store.CompactLabels.of(stored);
        Path dir = outDir.resolve(DIR);
        Files.createDirectories(dir);
        List<ResultRow> ok = new ArrayList<>();
        for (ResultRow r : rows) if (r.status() == Status.OK) ok.add(r);

        List<String> plotSections = new ArrayList<>();
        // 1. accuracy vs latency
        boolean scatter = ok.stream().anyMatch(r -> Figures.has(r, Metric.TOP1)
                && Figures.has(r, Metric.LATENCY_MEDIAN_MS) && Figures.value(r, Metric.LATENCY_MEDIAN_MS) > 0);
        if (scatter) {
            Charts.save(Charts.accuracyVsLatency(ok), dir, ACCURACY_VS_LATENCY);
            plotSections.add(plot(ACCURACY_VS_LATENCY, "Top-1 accuracy vs median latency",
                    "Each marker is one point: median latency (" + Measurement.latencyHow(ok) + ", whiskers p10"
                            + DASH + "p90) against top-1 accuracy on " + Measurement.accuracyHow(ok)
                            + "; one series per hardware; the dashed line joins the Pareto-optimal points."));
        } else {
            deletePlot(dir, ACCURACY_VS_LATENCY);
            plotSections.add("*No accuracy-vs-latency plot: no OK point has both top-1 and a median latency.*");
        }
        // 2. latency per primitive
        if (ok.stream().anyMatch(r -> Figures.has(r, Metric.LATENCY_MEDIAN_MS))) {
            Charts.save(Charts.latencyPerPrimitive(ok), dir, LATENCY_PER_PRIMITIVE);
            plotSections.add(plot(LATENCY_PER_PRIMITIVE, "Median latency per primitive, by model",
                    "Bars: median latency per inference (" + Measurement.latencyHow(ok) + "), one series per primitive "
                            + "(and per hardware and code generation when those vary); where several points still share a bar, "
                            + "the lowest median is shown. p10" + DASH
                            + "p90 ranges are in the table below."));
        } else {
            deletePlot(dir, LATENCY_PER_PRIMITIVE);
            plotSections.add("*No latency-per-primitive plot: no OK point has a median latency.*");
        }
        // 3. accuracy vs compression
        Set<String> compressions = new HashSet<>();
        for (ResultRow r : rows) compressions.add(Figures.label(r, "compression"));
        boolean compressionVaries = compressions.size() > 1 || rows.stream().anyMatch(r -> Figures.has(r, Metric.SPARSITY));
        if (compressionVaries && ok.stream().anyMatch(r -> Figures.has(r, Metric.TOP1))) {
            Charts.save(Charts.accuracyVsCompression(ok), dir, ACCURACY_VS_COMPRESSION);
            plotSections.add(plot(ACCURACY_VS_COMPRESSION, "Top-1 accuracy per compression",
                    "Bars: top-1 accuracy on " + Measurement.accuracyHow(ok) + " per compression (ordered by mean "
                            + "sparsity) and model; where other axes vary, the best top-1 is shown."));
        } else {
            deletePlot(dir, ACCURACY_VS_COMPRESSION);
        }

        // 4. simulated cycles, for targets that report them
        if (ok.stream().anyMatch(r -> Figures.has(r, Metric.CYCLES))) {
            Charts.save(Charts.cyclesPerHardware(ok), dir, CYCLES_PER_HARDWARE);
            plotSections.add(plot(CYCLES_PER_HARDWARE, "Simulated cycles per inference, by hardware",
                    "Bars: device cycles per test image as counted by the target's cycle-level simulation (not wall-clock"
                            + " time), per hardware configuration, one series per model and compression."));
        } else {
            deletePlot(dir, CYCLES_PER_HARDWARE);
        }

        Path md = dir.resolve(MARKDOWN);
        Files.writeString(md, markdown(rows, ok, plotSections), StandardCharsets.UTF_8);
        return md;
    }

    private static void deletePlot(Path dir, String base) throws IOException {
        Files.deleteIfExists(dir.resolve(base + ".png"));
        Files.deleteIfExists(dir.resolve(base + ".svg"));
    }

    private static String plot(String base, String title, String caption) {
        return "### " + title + "\n\n![" + title + "](" + base + ".png)\n\n" + caption + " Vector version: ["
                + base + ".svg](" + base + ".svg).";
    }

    // ---------------------------------------------------------------------------------------------- markdown

    static String markdown(List<ResultRow> rows, List<ResultRow> ok, List<String> plotSections) {
        StringBuilder md = new StringBuilder();
        List<String> sweeps = Measurement.distinct(rows, ResultRow::sweep);
        md.append("# dlas report").append(sweeps.size() == 1 ? ": " + esc(sweeps.get(0)) : "").append("\n\n");
        md.append(sweeps.size() == 1 ? "Sweep: " : "Sweeps: ");
        md.append(sweeps.isEmpty() ? "none" : String.join(", ", sweeps.stream().map(s -> "`" + s + "`").toList()));
        md.append(". Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by dlas ")
                .append(Machine.dlasVersion()).append(".\n\n");
        long nOk = ok.size();
        long nErr = rows.stream().filter(r -> r.status() == Status.ERROR).count();
        long nSkip = rows.stream().filter(r -> r.status() == Status.SKIPPED).count();
        md.append("**").append(rows.size()).append(rows.size() == 1 ? " point" : " points").append("**: ")
                .append(nOk).append(" ok, ").append(nErr).append(" error, ").append(nSkip).append(" skipped.\n\n");
        if (rows.isEmpty()) {
            md.append("No results to report.\n");
            return md.toString();
        }

        md.append("## How measured\n\n").append(Measurement.howMeasured(rows)).append("\n\n");

        md.append("## Plots\n\n");
        for (String p : plotSections) md.append(p).append("\n\n");

        List<ResultRow> withBoth = new ArrayList<>();
        for (ResultRow r : ok) {
            if (Figures.has(r, Metric.TOP1) && Figures.has(r, Metric.LATENCY_MEDIAN_MS)) withBoth.add(r);
        }
        md.append("## Pareto-optimal points\n\n");
        if (withBoth.isEmpty()) {
            md.append("None: no OK point has both top-1 and a median latency.\n\n");
        } else {
            List<ResultRow> front = ParetoFront.of(withBoth, r -> Figures.value(r, Metric.TOP1),
                    r -> Figures.value(r, Metric.LATENCY_MEDIAN_MS));
            md.append(front.size()).append(" of ").append(withBoth.size())
                    .append(" points are Pareto-optimal: no other point is at least as accurate (top-1) and at least as "
                            + "fast (median latency) while strictly better in one of the two (").append(Measurement.latencyHow(ok)).append(", p10").append(DASH)
                    .append("p90 in brackets), fastest first.\n\n");
            md.append(table(front, figureColumns(), true)).append('\n');
        }

        md.append("## All OK points\n\n");
        if (ok.isEmpty()) {
            md.append("None.\n\n");
        } else {
            List<ResultRow> sorted = new ArrayList<>(ok);
            sorted.sort(Comparator.comparing((ResultRow r) -> Figures.label(r, "model"))
                    .thenComparingDouble(r -> Figures.has(r, Metric.LATENCY_MEDIAN_MS)
                            ? Figures.value(r, Metric.LATENCY_MEDIAN_MS) : Double.POSITIVE_INFINITY)
                    .thenComparing(ResultRow::pointHash));
            md.append("Sorted by model, then median latency. Latency: ").append(Measurement.latencyHow(ok))
                    .append(", p10").append(DASH).append("p90 in brackets; top-1 on ")
                    .append(Measurement.accuracyHow(ok)).append(". Every metric of every point is in `results.csv`.\n\n");
            md.append(table(sorted, figureColumns(), true)).append('\n');
        }

        problems(md, rows, Status.ERROR, "Errors", "error");
        problems(md, rows, Status.SKIPPED, "Skipped points", "reason");
        return md.toString();
    }

    private static void problems(StringBuilder md, List<ResultRow> rows, Status status, String title, String what) {
        List<ResultRow> list = rows.stream().filter(r -> r.status() == status).toList();
        md.append("## ").append(title).append("\n\n");
        if (list.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        if (status == Status.ERROR) md.append("Error points are retried when the sweep is run again.\n\n");
        List<Col> cols = new ArrayList<>(labelColumns());
        cols.add(new Col(what, false, r -> truncate(r.message() == null ? "" : r.message(), MAX_MESSAGE)));
        cols.add(new Col("hash", false, r -> "`" + shortHash(r.pointHash()) + "`"));
        md.append(table(list, cols, true)).append('\n');
    }

    /** A Markdown table column. */
    record Col(String header, boolean numeric, Function<ResultRow, String> cell) { }

    private static List<Col> labelColumns() {
        List<Col> cols = new ArrayList<>();
        for (String axis : List.of("model", "dataset", "compression", "primitive", "codegen", "hardware")) {
            cols.add(new Col(axis, false, r -> Figures.label(r, axis)));
        }
        return cols;
    }

    private static List<Col> figureColumns() {
        List<Col> cols = new ArrayList<>(labelColumns());
        cols.add(new Col("top-1 %", true, r -> Figures.percent(Figures.value(r, Metric.TOP1), 2)));
        cols.add(new Col("top-5 %", true, r -> Figures.percent(Figures.value(r, Metric.TOP5), 2)));
        cols.add(new Col("latency ms median [p10" + DASH + "p90]", true, r -> Figures.latency(r, DASH)));
        cols.add(new Col("repeats", true, r -> Figures.integer(Figures.value(r, Metric.LATENCY_REPEATS))));
        cols.add(new Col("size KB", true, r -> Figures.kilobytes(Figures.value(r, Metric.MODEL_SIZE_BYTES))));
        cols.add(new Col("sparsity %", true, r -> Figures.percent(Figures.value(r, Metric.SPARSITY), 1)));
        cols.add(new Col("MACs", true, r -> Figures.count(Figures.value(r, Metric.MACS))));
        cols.add(new Col("params", true, r -> Figures.count(Figures.value(r, Metric.PARAMS))));
        cols.add(new Col("cycles", true, r -> Figures.count(Figures.value(r, Metric.CYCLES))));
        cols.add(new Col("energy uJ", true, r -> Figures.count(Figures.value(r, Metric.ENERGY_UJ))));
        cols.add(new Col("label-diff %", true, r -> Figures.percent(Figures.value(r, Metric.LABEL_DIFF_SHARE), 2)));
        cols.add(new Col("hash", false, r -> "`" + shortHash(r.pointHash()) + "`"));
        return cols;
    }

    /** A Markdown table; with {@code dropEmpty}, columns empty in every row are left out. */
    static String table(List<ResultRow> rows, List<Col> columns, boolean dropEmpty) {
        List<Col> cols = new ArrayList<>();
        for (Col c : columns) {
            if (!dropEmpty || rows.stream().anyMatch(r -> !c.cell().apply(r).isEmpty())) cols.add(c);
        }
        StringBuilder sb = new StringBuilder("|");
        for (Col c : cols) sb.append(' ').append(esc(c.header())).append(" |");
        sb.append("\n|");
        for (Col c : cols) sb.append(c.numeric() ? " ---: |" : " --- |");
        sb.append('\n');
        for (ResultRow r : rows) {
            sb.append('|');
            for (Col c : cols) sb.append(' ').append(esc(c.cell().apply(r))).append(" |");
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Escapes a Markdown table cell: pipes escaped, line breaks flattened, HTML angle brackets neutralised. */
    static String esc(String s) {
        if (s == null) return "";
        return s.strip().replaceAll("\\s+", " ").replace("\\", "\\\\").replace("|", "\\|")
                .replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String s, int max) {
        String flat = s.strip().replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "\u2026";
    }

    private static String shortHash(String h) {
        return h == null ? "" : h.length() <= 12 ? h : h.substring(0, 12);
    }
}
