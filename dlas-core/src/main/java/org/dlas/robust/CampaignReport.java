package org.dlas.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dlas.robust.CampaignResult.Cell;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** Kill-matrix CSV, label-difference heat map (PNG) and Markdown summary of a campaign. */
public final class CampaignReport {
    public static final String CSV = "kill-matrix.csv", HEATMAP = "label-diff-heatmap", SUMMARY = "summary.md";

    private CampaignReport() { }

    public static void write(CampaignResult r, Path dir) throws IOException {
        Files.writeString(dir.resolve(CSV), csv(r));
        Files.writeString(dir.resolve(SUMMARY), markdown(r));
        if (!r.mutants().isEmpty()) heatmap(r, dir.resolve(HEATMAP));
    }

    /** One row per (mutant, environment): status, label-diff share, killed, top-1, latency, latency change, discrepancy, error. */
    public static String csv(CampaignResult r) {
        StringBuilder sb = new StringBuilder("mutant,environment,status,label_diff_share,killed,top1,latency_ms,latency_change,discrepancy,error\n");
        List<Cell> all = new ArrayList<>(r.originals().values());
        all.addAll(r.cells().values());
        for (Cell c : all) {
            Double d = r.discrepancy().get(c.mutant());
            sb.append(c.mutant()).append(',').append(c.environment()).append(',').append(c.ok() ? "OK" : "ERROR").append(',')
                    .append(num(c.labelDiff())).append(',').append(c.ok() ? (c.killed() ? "1" : "0") : "").append(',')
                    .append(num(c.top1())).append(',').append(num(c.latencyMs())).append(',').append(num(c.latencyChange())).append(',')
                    .append(d == null ? "" : num(d)).append(',').append(c.error() == null ? "" : '"' + c.error().replace('"', '\'').replace('\n', ' ') + '"')
                    .append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v); }

    public static String markdown(CampaignResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Mutation campaign: ").append(r.model()).append("\n\n");
        sb.append(r.images()).append(" test images; a mutant is killed on an environment when its top-1 labels differ from the original's on the same environment")
                .append(String.format(Locale.ROOT, " on more than %.1f%% of images; crashes count as detected.%n%n", 100 * r.threshold()));
        sb.append("| environment | original top-1 | mutation score |\n|---|---|---|\n");
        for (String e : r.environments()) {
            Cell o = r.originals().get(e);
            sb.append("| ").append(e).append(" | ").append(o.ok() ? pct(o.top1()) : "ERROR").append(" | ").append(pct(r.mutationScore().get(e))).append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nOriginal model, largest label difference between environments: %s%n%n", pct(r.originalDiscrepancy())));
        sb.append("Label difference vs the original (K = killed, ERR = crashed):\n\n| mutant |");
        for (String e : r.environments()) sb.append(' ').append(e).append(" |");
        sb.append(" discrepancy |\n|---|");
        for (int i = 0; i <= r.environments().size(); i++) sb.append("---|");
        sb.append('\n');
        for (String m : r.mutants()) {
            sb.append("| ").append(m).append(" |");
            for (String e : r.environments()) {
                Cell c = r.cell(m, e);
                sb.append(' ').append(c.ok() ? pct(c.labelDiff()) + (c.killed() ? " K" : "") : "ERR").append(" |");
            }
            Double d = r.discrepancy().get(m);
            sb.append(' ').append(d == null ? "-" : pct(d)).append(" |\n");
        }
        if (!r.notApplicable().isEmpty()) {
            sb.append("\nNot applicable:\n\n");
            r.notApplicable().forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        List<String> crashes = new ArrayList<>();
        for (Cell c : r.cells().values()) if (!c.ok()) crashes.add("- " + c.mutant() + " on " + c.environment() + ": " + c.error());
        if (!crashes.isEmpty()) sb.append("\nCrashes:\n\n").append(String.join("\n", crashes)).append('\n');
        return sb.toString();
    }

    private static String pct(Double v) { return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v); }

    /** Heat map of label difference % (crashes drawn as 100%), mutants x environments; writes {@code base}.png. */
    public static void heatmap(CampaignResult r, Path base) throws IOException {
        System.setProperty("java.awt.headless", "true");
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(600, 200 * r.environments().size() + 300))
                .height(Math.max(400, 28 * r.mutants().size() + 150)).title("Label difference % vs original: " + r.model()).build();
        List<Number[]> heat = new ArrayList<>();
        for (int x = 0; x < r.environments().size(); x++) {
            for (int y = 0; y < r.mutants().size(); y++) {
                Cell c = r.cell(r.mutants().get(y), r.environments().get(x));
                heat.add(new Number[] {x, y, c.ok() ? Math.round(1000 * c.labelDiff()) / 10.0 : 100.0});
            }
        }
        HeatmapStyle.apply(chart, heat);
        chart.addSeries("label diff %", new ArrayList<>(r.environments()), new ArrayList<>(r.mutants()), heat);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
