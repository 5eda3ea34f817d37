package org.dlas.robust;

import java.util.List;

import org.knowm.xchart.HeatMapChart;

/**
 * The look of the label-difference heat maps: values printed in the cells, a colour scale from 0
 * to the largest value (at least 1%, so that an all-zero matrix is drawn as zero rather than with
 * a degenerate scale), and slanted column labels so that long environment labels do not overlap.
 */
final class HeatmapStyle {
    private HeatmapStyle() { }

    /** {@code heat} holds {x, y, value} cells. */
    static void apply(HeatMapChart chart, List<Number[]> heat) {
        double max = 1;
        for (Number[] cell : heat) max = Math.max(max, cell[2].doubleValue());
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setXAxisLabelRotation(20);
    }
}
