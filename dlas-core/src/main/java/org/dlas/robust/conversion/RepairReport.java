package org.dlas.robust.conversion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Text, Markdown and CSV views of a {@link RepairResult}. */
public final class RepairReport {
    private RepairReport() { }

    /** Writes repair.md and repairs.csv (one row per repair step) into {@code dir}. */
    public static void write(RepairResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("repair.md"), markdown(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("repairs.csv"), csv(r), StandardCharsets.UTF_8);
    }

    public static String csv(RepairResult r) {
        StringBuilder s = new StringBuilder("step,stage,node,evidence,action,label_diff_before,label_diff_after,images,status\n");
        for (RepairStep step : r.steps()) {
            s.append(step.index()).append(',').append(step.finding().stage().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(quote(step.finding().node())).append(',').append(quote(step.finding().evidence())).append(',')
                    .append(quote(step.action() == null ? "" : step.action())).append(',').append(step.labelDiffBefore()).append(',')
                    .append(step.labelDiffAfter()).append(',').append(r.before().images()).append(',')
                    .append(quote(step.applied() ? "applied" : step.error())).append('\n');
        }
        return s.toString();
    }

    public static String markdown(RepairResult r) {
        int n = r.before().images();
        StringBuilder md = new StringBuilder("# Conversion repair: " + r.model() + "\n\n");
        md.append("Source: the dlas model. Converted: the model exported to ONNX and imported back");
        md.append(r.injected().isEmpty() ? ", unchanged.\n\n" : ", then faults injected as a buggy converter would (ground truth, not read by the localiser):\n\n");
        for (Injection i : r.injected()) md.append("- `").append(i.kind()).append("` (").append(i.stage()).append(") at `").append(i.node()).append("`: ").append(i.change()).append('\n');
        md.append(String.format(Locale.ROOT, "%nLabel differences = test images (of %d) whose top-1 label differs from the source's.%n%n", n));
        md.append(String.format(Locale.ROOT, "## Findings%n%nBefore repair: %s.%n%n", share(r.before().labelDifferences(), n)));
        findings(md, r.before());
        md.append("\n## Repairs\n\n| # | stage | node | repair | label diff before | after |\n| ---: | --- | --- | --- | ---: | ---: |\n");
        for (RepairStep s : r.steps()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | `%s` | %s | %d | %d |%n", s.index(), s.finding().stage(), s.finding().node(),
                    cell(s.applied() ? s.action() : "not applied: " + s.error()), s.labelDiffBefore(), s.labelDiffAfter()));
        }
        md.append(String.format(Locale.ROOT, "%n## After repair%n%n%s", share(r.after().labelDifferences(), n)));
        if (r.after().clean()) md.append("; no finding and no diverging activation left: the repaired model computes what the source computes on these images.\n");
        else {
            md.append(". What remains:\n\n");
            findings(md, r.after());
        }
        return md.toString();
    }

    /** The console summary: findings, repairs with label differences, what remains. */
    public static String text(RepairResult r) {
        int n = r.before().images();
        StringBuilder s = new StringBuilder();
        for (Injection i : r.injected()) s.append("injected ").append(i.kind()).append(" at ").append(i.node()).append(": ").append(i.change()).append('\n');
        s.append("before repair: ").append(share(r.before().labelDifferences(), n)).append('\n');
        for (Finding f : r.before().findings()) s.append("  finding ").append(f).append('\n');
        for (RepairStep st : r.steps()) {
            s.append(String.format(Locale.ROOT, "  repair %d: %s -> label differences %d -> %d%n", st.index(),
                    st.applied() ? st.action() : "not applied (" + st.error() + ")", st.labelDiffBefore(), st.labelDiffAfter()));
        }
        s.append("after repair: ").append(share(r.after().labelDifferences(), n));
        s.append(r.after().clean() ? ", nothing left\n" : ", remaining: " + r.after().findings() + " " + r.after().divergences() + "\n");
        return s.toString();
    }

    private static void findings(StringBuilder md, Localisation l) {
        if (l.findings().isEmpty()) md.append("No finding.\n");
        else {
            md.append("| stage | node | evidence | activation on the first images |\n| --- | --- | --- | --- |\n");
            for (Finding f : l.findings()) {
                NodeDivergence d = f.confirmation();
                md.append("| ").append(f.stage()).append(" | `").append(f.node()).append("` | ").append(cell(f.evidence())).append(" | ")
                        .append(d == null ? "no difference on the compared images" : cell(d.toString())).append(" |\n");
            }
        }
        if (l.firstDivergence() != null) md.append("\nFirst diverging node: `").append(l.firstDivergence()).append("` (").append(l.divergences().size()).append(" nodes diverge).\n");
    }

    private static String share(int differing, int images) {
        return String.format(Locale.ROOT, "labels differ on %d of %d images (%.2f%%)", differing, images, images == 0 ? 0 : 100.0 * differing / images);
    }

    private static String cell(String s) { return s.replace("|", "/"); }

    private static String quote(String s) { return '"' + s.replace("\"", "\"\"") + '"'; }
}
