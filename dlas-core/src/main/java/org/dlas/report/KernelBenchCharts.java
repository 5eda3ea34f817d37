package org.dlas.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The kernel benchmark charts (XChart), styled like the sweep report's {@link Charts}. */
final class KernelBenchCharts {
    private static final String DENSE = "gemm";

    private KernelBenchCharts() {}

    /**
     * GOP/s of every primitive on one layer at sparsity 0 (dense weights), one bar per variant
     * (java fp32, java int8, tvm fp32) so that Java and TVM stand beside each other.
     */
    static CategoryChart gopsPerPrimitive(KernelBenchResults res, String layer, List<String> primitives) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("GOP/s per primitive, " + layer + " (dense weights)")
                .xAxisTitle("primitive")
                .yAxisTitle("GOP/s = 2 x dense MACs / median time (peak: " + res.peakFormula().replaceAll(".*= ", "") + ")")
                .build();
        Charts.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setLabelsPosition(1.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        int g = 0;
        for (String variant : res.variants()) {
            List<Double> ys = new ArrayList<>();
            for (String p : primitives) ys.add(res.find(variant, layer, p, 0.0).map(KernelBenchResults.Result::gops).orElse(null));
            if (ys.stream().allMatch(y -> y == null)) continue;
            chart.addSeries(Charts.uniqueName(chart, variant), primitives, ys).setFillColor(Charts.PALETTE[g++ % Charts.PALETTE.length]);
        }
        return chart;
    }

    /**
     * Median time per run against weight sparsity for the sparse primitives of one variant on one
     * layer, gemm's time at sparsity 0 as a dashed reference line, and each crossover (the lowest
     * measured sparsity at which the sparse primitive beats gemm) as a large open circle.
     */
    static XYChart timeVsSparsity(KernelBenchResults res, String layer, String variant, List<String> sparse) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Time vs weight sparsity, " + layer + ", " + variant)
                .xAxisTitle("weight sparsity (magnitude-pruned, unstructured)")
                .yAxisTitle("median time per run, \u00b5s")
                .build();
        Charts.style(chart.getStyler());
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        int g = 0;
        double maxSparsity = 0;
        for (String p : sparse) {
            List<KernelBenchResults.Result> pts = res.results().stream()
                    .filter(r -> r.variant().equals(variant) && r.layer().equals(layer) && r.primitive().equals(p)).toList();
            if (pts.isEmpty()) continue;
            Color color = Charts.PALETTE[g % Charts.PALETTE.length];
            XYSeries s = chart.addSeries(p, pts.stream().map(KernelBenchResults.Result::sparsity).toList(),
                    pts.stream().map(KernelBenchResults.Result::micros).toList());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(Charts.MARKERS[g % Charts.MARKERS.length]);
            s.setMarkerColor(color);
            s.setLineColor(color);
            maxSparsity = Math.max(maxSparsity, pts.stream().mapToDouble(KernelBenchResults.Result::sparsity).max().orElse(0));
            crossover(res, layer, variant, p).ifPresent(x -> { // a dotted vertical line up to the point
                double t = res.find(variant, layer, p, x.sparsity()).orElseThrow().micros();
                XYSeries c = chart.addSeries(p + " crossover: beats " + DENSE + " from " + x.text(),
                        new double[] {x.sparsity(), x.sparsity()}, new double[] {0, t});
                c.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                c.setMarker(SeriesMarkers.NONE);
                c.setLineColor(color);
                c.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
            });
            g++;
        }
        Optional<KernelBenchResults.Result> dense = res.find(variant, layer, DENSE, 0.0);
        if (dense.isPresent()) {
            XYSeries d = chart.addSeries(DENSE + " (dense weights)", new double[] {0, Math.max(maxSparsity, 0.95)},
                    new double[] {dense.get().micros(), dense.get().micros()});
            d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            d.setMarker(SeriesMarkers.NONE);
            d.setLineColor(new Color(0x333333));
            d.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    static Optional<KernelBenchResults.Crossover> crossover(KernelBenchResults res, String layer, String variant, String sparse) {
        return res.crossovers().stream().filter(c -> c.variant().equals(variant) && c.layer().equals(layer)
                && c.sparse().equals(sparse) && c.dense().equals(DENSE) && c.sparsity() != null).findFirst();
    }
}
