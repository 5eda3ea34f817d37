package org.dlas.robust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import org.dlas.compression.CalibrationData;
import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.sweep.Outputs;
import org.dlas.sweep.Workbench;
import org.dlas.target.PreparedModel;

/**
 * Differential testing (after DeltaNN): the same model on the same test images in several
 * environments, every pair compared - share of images whose top-1 label differs, top-1 and top-5
 * accuracy of each side, largest and mean output difference, inference-time ratio - and the
 * differing images kept with each side's top-5. An environment that crashes is recorded and the
 * others go on.
 */
public final class DiffTest {

    /** One environment's run: its outputs, or why it failed. */
    public record Run(Environment env, Outputs outputs, double seconds, String error) {
        public boolean ok() { return error == null; }
    }

    /** One ordered pair of environments that both ran. */
    public record Pair(Environment a, Environment b, double labelDiff, double maxDiff, double meanDiff, double timeRatio,
                       List<Integer> differingImages) { }

    public record Result(String model, int images, List<Run> runs, List<Pair> pairs, int[] truth) {
        public Pair pair(Environment a, Environment b) {
            for (Pair p : pairs) if (p.a().equals(a) && p.b().equals(b)) return p;
            return null;
        }
    }

    private DiffTest() { }

    public static Result run(String modelName, Graph model, List<Environment> envs, Dataset test, CalibrationData calibration) {
        List<Run> runs = new ArrayList<>();
        for (Environment env : envs) {
            long t0 = System.nanoTime();
            try (PreparedModel prepared = env.prepare(env.convert(model, calibration))) {
                Outputs out = Workbench.Runner.run(prepared::infer, test);
                runs.add(new Run(env, out, (System.nanoTime() - t0) / 1e9, null));
            } catch (Exception | LinkageError e) {
                runs.add(new Run(env, null, (System.nanoTime() - t0) / 1e9, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (Run a : runs) {
            for (Run b : runs) {
                if (!a.ok() || !b.ok()) continue;
                int[] la = a.outputs().top1(), lb = b.outputs().top1();
                List<Integer> differing = new ArrayList<>();
                for (int i = 0; i < la.length; i++) if (la[i] != lb[i]) differing.add(i);
                float[] x = a.outputs().logits(), y = b.outputs().logits();
                double max = 0, sum = 0;
                for (int i = 0; i < x.length; i++) {
                    double d = Math.abs(x[i] - y[i]);
                    max = Math.max(max, d);
                    sum += d;
                }
                pairs.add(new Pair(a.env(), b.env(), (double) differing.size() / la.length, max, sum / x.length,
                        b.seconds() == 0 ? Double.NaN : a.seconds() / b.seconds(), differing));
            }
        }
        return new Result(modelName, test.size(), runs, pairs, test.labels());
    }

    /** Writes difftest.csv (pairs), differing-images.csv (each side's top-5), label-diff-matrix.png and difftest.md. */
    public static void write(Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("a,b,label_diff_share,max_output_diff,mean_output_diff,time_ratio_a_over_b\n");
        StringBuilder images = new StringBuilder("a,b,image,true_label,a_top5,b_top5\n");
        for (Pair p : r.pairs()) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6g,%.6g,%.4f%n", p.a(), p.b(), p.labelDiff(), p.maxDiff(), p.meanDiff(), p.timeRatio()));
            if (p.a().label().compareTo(p.b().label()) >= 0) continue; // each unordered pair once
            Outputs oa = find(r, p.a()).outputs(), ob = find(r, p.b()).outputs();
            for (int i : p.differingImages()) {
                images.append(p.a()).append(',').append(p.b()).append(',').append(i).append(',').append(r.truth()[i]).append(',')
                        .append(top5(oa, i)).append(',').append(top5(ob, i)).append('\n');
            }
        }
        Files.writeString(dir.resolve("difftest.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("differing-images.csv"), images, StandardCharsets.UTF_8);
        heatmap(r, dir.resolve("label-diff-matrix"));
        Files.writeString(dir.resolve("difftest.md"), markdown(r), StandardCharsets.UTF_8);
    }

    static String markdown(Result r) {
        StringBuilder md = new StringBuilder("# Differential test: " + r.model() + "\n\n");
        md.append("The same model on the first ").append(r.images()).append(" test images in each environment; ")
                .append("label difference = share of images whose top-1 label differs between two environments. ")
                .append("Time = wall-clock seconds of the whole accuracy pass in that environment (one pass).\n\n");
        md.append("| environment | top-1 % | top-5 % | time s | status |\n| --- | ---: | ---: | ---: | --- |\n");
        for (Run run : r.runs()) {
            if (run.ok()) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | ok |%n", run.env(),
                        100 * run.outputs().topK(r.truth(), 1), 100 * run.outputs().topK(r.truth(), 5), run.seconds()));
            } else {
                md.append("| ").append(run.env()).append(" | - | - | - | crashed: ").append(run.error().replace('|', '/')).append(" |\n");
            }
        }
        md.append("\n![label difference matrix](label-diff-matrix.png)\n\n| a | b | label diff % | max output diff | mean output diff | time a/b |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Pair p : r.pairs()) {
            if (p.a().label().compareTo(p.b().label()) >= 0) continue;
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.3g | %.3g | %.2f |%n", p.a(), p.b(), 100 * p.labelDiff(),
                    p.maxDiff(), p.meanDiff(), p.timeRatio()));
        }
        md.append("\nThe differing images, with each side's top-5 labels, are in `differing-images.csv`.\n");
        return md.toString();
    }

    private static void heatmap(Result r, Path base) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> names = new ArrayList<>();
        Map<Environment, Integer> index = new LinkedHashMap<>();
        for (Run run : r.runs()) {
            if (!run.ok()) continue;
            index.put(run.env(), names.size());
            names.add(run.env().label());
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(600, 200 * names.size() + 300))
                .height(Math.max(400, 70 * names.size() + 200)).title("Label difference % between environments: " + r.model()).build();
        List<Number[]> heat = new ArrayList<>();
        for (Pair p : r.pairs()) heat.add(new Number[] {index.get(p.a()), index.get(p.b()), Math.round(1000 * p.labelDiff()) / 10.0});
        HeatmapStyle.apply(chart, heat);
        chart.addSeries("label diff %", names, names, heat);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static Run find(Result r, Environment e) {
        for (Run run : r.runs()) if (run.env().equals(e)) return run;
        throw new IllegalArgumentException("no run for " + e);
    }

    private static String top5(Outputs o, int image) {
        int classes = o.classes();
        Integer[] idx = new Integer[classes];
        for (int c = 0; c < classes; c++) idx[c] = c;
        float[] l = o.logits();
        java.util.Arrays.sort(idx, (x, y) -> Float.compare(l[image * classes + y], l[image * classes + x]));
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(5, classes); k++) s.append(k == 0 ? "" : " ").append(idx[k]);
        return s.toString();
    }
}
