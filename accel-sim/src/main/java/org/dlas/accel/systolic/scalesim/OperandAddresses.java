package org.dlas.accel.systolic.scalesim;

/**
 * SRAM word addresses of a layer's GEMM operands, laid out as SCALE-Sim lays them out: the ifmap
 * matrix A[pixel][window] (im2col of an HWC ifmap; -1 where a window passes the ifmap's edge), the
 * filter matrix B[window][filter] (filter-major) and the ofmap matrix O[pixel][filter] (pixel-major),
 * each from its offset.
 */
final class OperandAddresses {
    final int pixels, window, filters;
    private final ScaleSimLayer l;
    private final int ofmapW, rowSpan, ifmapOffset, filterOffset, ofmapOffset;

    OperandAddresses(ScaleSimLayer layer, ScaleSimConfig cfg) {
        l = layer;
        pixels = layer.ofmapPixels();
        window = layer.window();
        filters = layer.numFilters();
        ofmapW = layer.ofmapW();
        rowSpan = layer.filterW() * layer.channels();
        ifmapOffset = cfg.ifmapOffset();
        filterOffset = cfg.filterOffset();
        ofmapOffset = cfg.ofmapOffset();
    }

    /** A[pixel][k], or -1 when the window element lies outside the ifmap. */
    int ifmap(int pixel, int k) {
        int iRow = (pixel / ofmapW) * l.strideH(), iCol = (pixel % ofmapW) * l.strideW();
        int cRow = k / rowSpan, rest = k % rowSpan;
        int cCol = rest / l.channels(), ch = rest % l.channels();
        if (cRow + iRow >= l.ifmapH() || cCol + iCol >= l.ifmapW()) return -1;
        return ((iRow + cRow) * l.ifmapW() + iCol + cCol) * l.channels() + ch + ifmapOffset;
    }

    /** B[k][filter]. */
    int filter(int k, int filter) { return filterOffset + filter * window + k; }

    /** O[pixel][filter]. */
    int ofmap(int pixel, int filter) { return ofmapOffset + filters * pixel + filter; }
}
