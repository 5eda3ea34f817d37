package org.dlas.tuner.reuse;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the reuse-vs-scratch comparison: {@code reuse-vs-scratch.csv} (one row per point, with
 * how it was measured in a comment line) and the plot {@code reuse-vs-scratch.png/.svg} (XChart):
 * speedup over untuned against wall-clock seconds, log x axis; auto-scheduling from scratch as a
 * line over its budgets, each donor set as a point, untuned as the dashed 1x line.
 */
public final class ComparisonFiles {
    public static final String BASE = "reuse-vs-scratch";
    private static final Color SCRATCH = new Color(0x0072B2);
    private static final Color[] REUSE = {new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7), new Color(0xE69F00), new Color(0x000000)};

    private ComparisonFiles() { }

    public static List<Path> write(Path dir, String model, List<BudgetComparison.Point> points, String howMeasured) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve(BASE + ".csv");
        Files.writeString(csv, csv(model, points, howMeasured));
        List<Path> plot = save(chart(model, points), dir);
        return List.of(csv, plot.get(0), plot.get(1));
    }

    /** Draws the plot again from a {@code reuse-vs-scratch.csv} this class wrote (e.g. after a style change). */
    public static List<Path> replot(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(BASE + ".csv"));
        String header = lines.get(0);
        String model = header.substring("# model ".length(), header.indexOf(';'));
        List<BudgetComparison.Point> points = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(",", -1);
            LatencyMeter.Latency lat = new LatencyMeter.Latency(Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), 0);
            points.add(new BudgetComparison.Point(f[0], f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), lat, Double.parseDouble(f[7]), null));
        }
        return save(chart(model, points), dir);
    }

    private static List<Path> save(XYChart chart, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path png = dir.resolve(BASE + ".png");
        Path svg = dir.resolve(BASE + ".svg");
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        try (OutputStream out = Files.newOutputStream(svg)) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
        return List.of(png, svg);
    }

    static String csv(String model, List<BudgetComparison.Point> points, String howMeasured) {
        StringBuilder s = new StringBuilder("# model ").append(model).append("; latency: ").append(howMeasured)
                .append("; seconds: wall clock of the build (reuse: matching + replay + TVM build; scratch: MetaSchedule tuning + build)\n");
        s.append("method,donors,trials,seconds,latency_median_ms,latency_p10_ms,latency_p90_ms,speedup_over_untuned,exact,closest,none,replay_failures\n");
        for (BudgetComparison.Point p : points) {
            ReuseReport r = p.report();
            s.append(String.format(Locale.ROOT, "%s,%s,%d,%.2f,%.4f,%.4f,%.4f,%.3f,%s,%s,%s,%s%n", p.method(), p.donors(), p.trials(), p.seconds(),
                    p.latency().medianMs(), p.latency().p10Ms(), p.latency().p90Ms(), p.speedup(),
                    r == null ? "" : r.count(ReuseRule.EXACT), r == null ? "" : r.count(ReuseRule.CLOSEST),
                    r == null ? "" : r.count(ReuseRule.NONE), r == null ? "" : r.replayFailures()));
        }
        return s.toString();
    }

    static XYChart chart(String model, List<BudgetComparison.Point> points) {
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title("Tuning reuse vs auto-scheduling from scratch: " + model + " on this CPU")
                .xAxisTitle("wall-clock seconds to a library (log)").yAxisTitle("speedup over untuned (median latency)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(10);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (BudgetComparison.Point p : points) {
            if (!p.method().equals("scratch")) continue;
            xs.add(Math.max(p.seconds(), 0.1));
            ys.add(p.speedup());
        }
        double minX = points.stream().mapToDouble(p -> Math.max(p.seconds(), 0.1)).min().orElse(1);
        double maxX = points.stream().mapToDouble(p -> Math.max(p.seconds(), 0.1)).max().orElse(10);
        XYSeries base = chart.addSeries("untuned (1x)", new double[] {minX, maxX}, new double[] {1, 1});
        base.setMarker(SeriesMarkers.NONE);
        base.setLineColor(Color.GRAY);
        base.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        if (!xs.isEmpty()) {
            XYSeries scratch = chart.addSeries("auto-scheduled from scratch (trials " + trialsLabel(points) + ")", xs, ys);
            scratch.setLineColor(SCRATCH);
            scratch.setMarkerColor(SCRATCH);
            scratch.setMarker(SeriesMarkers.CIRCLE);
        }
        double span = points.stream().mapToDouble(BudgetComparison.Point::speedup).max().orElse(2) - 1;
        for (BudgetComparison.Point p : points) {
            if (p.method().equals("scratch")) {
                chart.addAnnotation(new AnnotationText(p.trials() + " trials", Math.max(p.seconds(), 0.1), p.speedup() + 0.04 * span, false));
            }
        }
        int i = 0;
        for (BudgetComparison.Point p : points) {
            if (!p.method().equals("reuse")) continue;
            XYSeries s = chart.addSeries("reuse from " + p.donors(), new double[] {Math.max(p.seconds(), 0.1)}, new double[] {p.speedup()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(REUSE[i++ % REUSE.length]);
        }
        return chart;
    }

    private static String trialsLabel(List<BudgetComparison.Point> points) {
        return String.join(", ", points.stream().filter(p -> p.method().equals("scratch")).map(p -> String.valueOf(p.trials())).toList());
    }
}
