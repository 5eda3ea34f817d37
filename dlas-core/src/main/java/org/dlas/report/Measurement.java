package org.dlas.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.dlas.store.Figures;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.dlas.store.ResultRow.Status;

/** How a set of rows was measured, summarised from the rows themselves, for captions and the "How measured" text. */
final class Measurement {

    private Measurement() { }

    /** {@code 30}, {@code 10-30} when it varies over the OK rows, or null when no OK row records it. */
    static String range(List<ResultRow> rows, String metric) {
        TreeSet<Long> values = new TreeSet<>();
        for (ResultRow r : rows) {
            if (r.status() == Status.OK && Figures.has(r, metric)) values.add(Math.round(Figures.value(r, metric)));
        }
        if (values.isEmpty()) return null;
        return values.size() == 1 ? values.first().toString() : values.first() + "\u2013" + values.last();
    }

    /** "median of 30 repeats" / "median of 10–30 repeats" / "median (repeat count not recorded)". */
    static String latencyHow(List<ResultRow> rows) {
        String rep = range(rows, Metric.LATENCY_REPEATS);
        return rep == null ? "median, repeat count not recorded" : "median of " + rep + " repeats";
    }

    /** "10000 test images" or "test-image count not recorded". */
    static String accuracyHow(List<ResultRow> rows) {
        String n = range(rows, Metric.TEST_IMAGES);
        return n == null ? "test-image count not recorded" : n + " test images";
    }

    /** Distinct non-blank values, in first-seen order. */
    static List<String> distinct(List<ResultRow> rows, java.util.function.Function<ResultRow, String> f) {
        List<String> out = new ArrayList<>();
        for (ResultRow r : rows) {
            String v = f.apply(r);
            if (v != null && !v.isBlank() && !out.contains(v)) out.add(v);
        }
        return out;
    }

    /** The "How measured" paragraph(s) in Markdown. */
    static String howMeasured(List<ResultRow> rows) {
        List<ResultRow> ok = new ArrayList<>();
        for (ResultRow r : rows) if (r.status() == Status.OK) ok.add(r);
        StringBuilder sb = new StringBuilder();
        String images = range(rows, Metric.TEST_IMAGES);
        List<String> datasets = distinct(ok, r -> Figures.label(r, "dataset"));
        sb.append("**Accuracy** is top-1");
        if (ok.stream().anyMatch(r -> Figures.has(r, Metric.TOP5))) sb.append(" (and top-5 where shown)");
        sb.append(images == null ? " on the test split (image count not recorded)" : " on " + images + " test images");
        if (!datasets.isEmpty()) sb.append(" of ").append(String.join(", ", code(datasets)));
        sb.append(", shown in percent. ");
        String repeats = range(rows, Metric.LATENCY_REPEATS);
        sb.append("**Latency** is wall-clock milliseconds per inference: the median of ")
                .append(repeats == null ? "the timed repeats (repeat count not recorded)" : repeats + " timed repeats")
                .append(" of each point, with the 10th\u201390th percentile range (p10\u2013p90) in brackets. ");
        if (ok.stream().anyMatch(r -> Figures.has(r, Metric.LABEL_DIFF_SHARE))) {
            sb.append("**Label diff** is the share of test images whose predicted label differs from the reference predictions. ");
        }
        if (ok.stream().anyMatch(r -> Figures.has(r, Metric.MODEL_SIZE_BYTES))) {
            sb.append("**Size** is the stored model size in KiB. ");
        }
        sb.append("\n\n");
        // where and with what: from the measured (OK) points; from all points when none is OK
        List<ResultRow> ctx = ok.isEmpty() ? rows : ok;
        List<String> machines = distinct(ctx, ResultRow::machine);
        if (machines.isEmpty()) {
            sb.append("Machine: not recorded.");
        } else if (machines.size() == 1) {
            sb.append("Machine: ").append(code(machines).get(0)).append('.');
        } else {
            sb.append("Machines (latencies from different machines are not comparable):");
            for (String m : code(machines)) sb.append("\n- ").append(m);
        }
        List<String> versions = distinct(ctx, ResultRow::versions);
        sb.append("\n\nSoftware: ").append(versions.isEmpty() ? "not recorded" : String.join("; ", code(versions))).append('.');
        List<String> seeds = distinct(ctx, r -> Long.toString(r.seed()));
        sb.append(" Seed").append(seeds.size() == 1 ? " " : "s ")
                .append(seeds.size() > 6 ? seeds.size() + " distinct values" : String.join(", ", seeds)).append('.');
        TreeSet<String> starts = new TreeSet<>();
        double wall = 0;
        for (ResultRow r : ctx) {
            if (r.startedAt() != null && !r.startedAt().isBlank()) starts.add(r.startedAt());
            if (Double.isFinite(r.elapsedSeconds())) wall += r.elapsedSeconds();
        }
        if (!starts.isEmpty()) {
            sb.append(" Points started between ").append(starts.first()).append(" and ").append(starts.last());
            sb.append(String.format(Locale.ROOT, "; %.1f s of wall time in total%s.", wall,
                    ctx == ok && ok.size() < rows.size() ? " over the OK points" : ""));
        }
        return sb.toString();
    }

    private static List<String> code(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) out.add("`" + v.replace("`", "'").replaceAll("\\s+", " ") + "`");
        return out;
    }
}
