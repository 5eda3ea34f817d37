package org.dlas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dlas.store.Figures;
import org.dlas.store.ResultRow;
import org.dlas.store.ResultRow.Metric;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Builds and saves the report's charts (XChart), each as PNG and SVG. Callers pass OK rows only. */
final class Charts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 620;

    /** Distinguishable colours (colour-blind friendly first). */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000), new Color(0x999999), new Color(0x8C564B),
    };
    static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL,
    };
    /** Above this many points the p10–p90 whiskers are left out of the scatter (they would hide the markers). */
    static final int MAX_WHISKERS = 400;

    private Charts() { }

    static String labelOr(ResultRow r, String axis, String fallback) {
        String v = Figures.label(r, axis);
        return v.isEmpty() ? fallback : v;
    }

    /** Top-1 (%) against median latency, one series per hardware, p10–p90 whiskers, Pareto front as a dashed line. */
    static XYChart accuracyVsLatency(List<ResultRow> ok) {
        List<ResultRow> pts = new ArrayList<>();
        for (ResultRow r : ok) {
            if (Figures.has(r, Metric.TOP1) && Figures.has(r, Metric.LATENCY_MEDIAN_MS)
                    && Figures.value(r, Metric.LATENCY_MEDIAN_MS) > 0) pts.add(r);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (ResultRow r : pts) {
            min = Math.min(min, Figures.value(r, Metric.LATENCY_MEDIAN_MS));
            max = Math.max(max, Figures.value(r, Metric.LATENCY_MEDIAN_MS));
        }
        boolean logX = max > 10 * min;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Top-1 accuracy vs median latency")
                .xAxisTitle("latency per inference, ms (" + Measurement.latencyHow(ok) + "; whiskers p10\u2013p90"
                        + (logX ? "; log scale" : "") + ")")
                .yAxisTitle("top-1 accuracy, % (" + Measurement.accuracyHow(ok) + ")")
                .build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setMarkerSize(9);

        Map<String, List<ResultRow>> byHardware = new TreeMap<>();
        for (ResultRow r : pts) byHardware.computeIfAbsent(labelOr(r, "hardware", "(no hardware label)"), k -> new ArrayList<>()).add(r);
        int g = 0;
        int whisker = 0;
        boolean whiskers = pts.size() <= MAX_WHISKERS;
        for (Map.Entry<String, List<ResultRow>> e : byHardware.entrySet()) {
            Color color = PALETTE[g % PALETTE.length];
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (ResultRow r : e.getValue()) {
                double x = Figures.value(r, Metric.LATENCY_MEDIAN_MS);
                double y = 100 * Figures.value(r, Metric.TOP1);
                xs.add(x);
                ys.add(y);
                if (whiskers && Figures.has(r, Metric.LATENCY_P10_MS) && Figures.has(r, Metric.LATENCY_P90_MS)) {
                    double lo = Figures.value(r, Metric.LATENCY_P10_MS);
                    double hi = Figures.value(r, Metric.LATENCY_P90_MS);
                    if (lo > 0 && hi >= lo) {
                        XYSeries w = chart.addSeries("p10-p90 #" + whisker++, new double[] {lo, hi}, new double[] {y, y});
                        w.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                        w.setMarker(SeriesMarkers.NONE);
                        w.setLineColor(color);
                        w.setLineStyle(new BasicStroke(1.2f));
                        w.setShowInLegend(false);
                    }
                }
            }
            XYSeries s = chart.addSeries(uniqueName(chart, e.getKey()), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(MARKERS[g % MARKERS.length]);
            s.setMarkerColor(color);
            g++;
        }
        List<ResultRow> front = ParetoFront.of(pts, r -> Figures.value(r, Metric.TOP1),
                r -> Figures.value(r, Metric.LATENCY_MEDIAN_MS));
        if (!front.isEmpty()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (ResultRow r : front) {
                xs.add(Figures.value(r, Metric.LATENCY_MEDIAN_MS));
                ys.add(100 * Figures.value(r, Metric.TOP1));
            }
            XYSeries f = chart.addSeries(uniqueName(chart, "Pareto front"), xs, ys);
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.NONE);
            f.setLineColor(new Color(0x333333));
            f.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    /** Where a point's code ran: its hardware, with the code generation unless that is {@code none}. */
    private static String engine(ResultRow r) {
        String codegen = labelOr(r, "codegen", "none");
        return labelOr(r, "hardware", "?") + (codegen.equals("none") ? "" : " " + codegen);
    }

    /**
     * Median latency per primitive (series), grouped by model (categories). When the points ran on more than one
     * hardware or code generation, each (primitive, hardware, codegen) is its own series, so that e.g. the Java
     * kernels and TVM's code for the same primitive stand side by side. Where several points still share a series
     * and model (other axes vary), the bar shows the lowest median among them.
     */
    static CategoryChart latencyPerPrimitive(List<ResultRow> ok) {
        boolean severalEngines = ok.stream().map(Charts::engine).distinct().count() > 1;
        Map<String, Map<String, Double>> best = new TreeMap<>();     // series -> model -> best median
        TreeMap<String, Boolean> models = new TreeMap<>();
        boolean aggregated = false;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (ResultRow r : ok) {
            if (!Figures.has(r, Metric.LATENCY_MEDIAN_MS)) continue;
            String model = labelOr(r, "model", "(no model)");
            String prim = labelOr(r, "primitive", "(no primitive)") + (severalEngines ? " on " + engine(r) : "");
            double v = Figures.value(r, Metric.LATENCY_MEDIAN_MS);
            models.put(model, true);
            Double old = best.computeIfAbsent(prim, k -> new TreeMap<>()).get(model);
            aggregated |= old != null;
            best.get(prim).put(model, old == null ? v : Math.min(old, v));
            if (v > 0) min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // bars cannot use a log axis (XChart bars start at zero), so when values span a wide range the bars carry
        // their values as labels to keep short bars readable
        boolean wide = min > 0 && max > 30 * min;
        CategoryChart chart = barChart("Median latency per primitive, by model", "model",
                "latency per inference, ms (" + Measurement.latencyHow(ok)
                        + (aggregated ? "; lowest over other axes" : "") + ")");
        int bars = 0;
        for (Map<String, Double> m : best.values()) bars += m.size();
        if (wide && bars <= 40) {
            chart.getStyler().setLabelsVisible(true);
            chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
            chart.getStyler().setLabelsFontColor(Color.BLACK);
            chart.getStyler().setLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
            chart.getStyler().setLabelsPosition(1.0);
            chart.getStyler().setLabelsRotation(bars > 12 ? 90 : 0);
            chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        }
        chart.getStyler().setAvailableSpaceFill(0.8);
        if (models.size() > 6) chart.getStyler().setXAxisLabelRotation(30);
        List<String> modelList = new ArrayList<>(models.keySet());
        return withBars(chart, best, modelList);
    }

    /**
     * Simulated device cycles per inference image (the standard {@code cycles} metric) per hardware label
     * (categories), one series per model and compression; points without cycles (e.g. the jvm target) are left
     * out. Where other axes vary, the lowest count is shown.
     */
    static CategoryChart cyclesPerHardware(List<ResultRow> ok) {
        Map<String, Map<String, Double>> best = new TreeMap<>();      // model/compression -> hardware -> cycles
        Set<String> hardware = new java.util.LinkedHashSet<>();
        for (ResultRow r : ok) {
            if (!Figures.has(r, Metric.CYCLES)) continue;
            String hw = labelOr(r, "hardware", "(no hardware)");
            String series = labelOr(r, "model", "(no model)") + " " + labelOr(r, "compression", "");
            hardware.add(hw);
            best.computeIfAbsent(series, k -> new TreeMap<>()).merge(hw, Figures.value(r, Metric.CYCLES), Math::min);
        }
        CategoryChart chart = barChart("Simulated cycles per inference, by hardware", "hardware",
                "device cycles per image (cycle-level simulation)");
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setXAxisLabelRotation(hardware.size() > 3 ? 30 : 0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        List<String> hwList = new ArrayList<>(hardware);
        return withBars(chart, best, hwList);
    }

    /**
     * Top-1 (%) per compression label (categories, ordered by mean sparsity then label), one series per model.
     * Where several points share a model and compression (other axes vary), the bar shows the highest top-1.
     */
    static CategoryChart accuracyVsCompression(List<ResultRow> ok) {
        Map<String, double[]> sparsity = new LinkedHashMap<>();            // label -> {sum, count}
        Map<String, Map<String, Double>> best = new TreeMap<>();           // model -> compression -> top1 %
        boolean aggregated = false;
        double lowest = 100;
        for (ResultRow r : ok) {
            if (!Figures.has(r, Metric.TOP1)) continue;
            String comp = labelOr(r, "compression", "(none)");
            String model = labelOr(r, "model", "(no model)");
            double top1 = 100 * Figures.value(r, Metric.TOP1);
            double[] s = sparsity.computeIfAbsent(comp, k -> new double[2]);
            if (Figures.has(r, Metric.SPARSITY)) {
                s[0] += Figures.value(r, Metric.SPARSITY);
                s[1]++;
            }
            Double old = best.computeIfAbsent(model, k -> new TreeMap<>()).get(comp);
            aggregated |= old != null;
            best.get(model).put(comp, old == null ? top1 : Math.max(old, top1));
            lowest = Math.min(lowest, top1);
        }
        List<String> comps = new ArrayList<>(sparsity.keySet());
        comps.sort(Comparator.<String>comparingDouble(c -> sparsity.get(c)[1] == 0 ? 0 : sparsity.get(c)[0] / sparsity.get(c)[1])
                .thenComparing(c -> !c.equals("(none)") && !c.equals("none"))
                .thenComparing(Comparator.naturalOrder()));
        CategoryChart chart = barChart("Top-1 accuracy per compression", "compression (ordered by mean sparsity)",
                "top-1 accuracy, % (" + Measurement.accuracyHow(ok)
                        + (aggregated ? "; best over other axes" : "") + ")");
        chart.getStyler().setAvailableSpaceFill(0.8);
        if (comps.size() > 5) chart.getStyler().setXAxisLabelRotation(30);
        // zoom in on the accuracy range so that small drops stay visible; bars start at the axis minimum
        double yMin = Math.max(0, Math.floor((lowest - 5) / 5) * 5);
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(100.0);
        return withBars(chart, best, comps);
    }

    /**
     * {@code chart} with one series per key of {@code bars}, each with a bar per category (none where
     * its map has no value for the category), in palette order.
     */
    private static CategoryChart withBars(CategoryChart chart, Map<String, Map<String, Double>> bars, List<String> categories) {
        int g = 0;
        for (Map.Entry<String, Map<String, Double>> e : bars.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String c : categories) ys.add(e.getValue().get(c)); // null: no bar for that category
            CategorySeries s = chart.addSeries(uniqueName(chart, e.getKey()), categories, ys);
            s.setFillColor(PALETTE[g++ % PALETTE.length]);
        }
        return chart;
    }

    /** An empty bar chart of the report's size and style. */
    private static CategoryChart barChart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        return chart;
    }

    static void style(Styler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(Color.LIGHT_GRAY);
        st.setChartTitleBoxVisible(false);
        st.setAntiAlias(true);
        if (st instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(0xE0E0E0));
        }
    }

    static String uniqueName(Chart<?, ?> chart, String name) {
        String n = name;
        for (int k = 2; chart.getSeriesMap().containsKey(n); k++) n = name + " (" + k + ")";
        return n;
    }

    /** Writes {@code dir/base.png} and {@code dir/base.svg}. */
    static void save(Chart<?, ?> chart, Path dir, String base) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(base + ".png"))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(base + ".svg"))) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
    }
}
