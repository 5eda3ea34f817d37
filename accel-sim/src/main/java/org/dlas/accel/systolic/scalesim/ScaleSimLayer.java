package org.dlas.accel.systolic.scalesim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * One layer of a SCALE-Sim topology: a convolution of an {@code ifmapH x ifmapW x channels} input
 * with {@code numFilters} filters of {@code filterH x filterW}. A GEMM {@code M x N x K} is the
 * convolution of an {@code M x K} ifmap with {@code N} filters of {@code 1 x K} (as SCALE-Sim maps it).
 * The output is {@code ceil((H - R + s) / s)} per dimension, SCALE-Sim's count (a window that only
 * partly overlaps the input reads nothing for the missing part).
 */
public record ScaleSimLayer(String name, int ifmapH, int ifmapW, int filterH, int filterW, int channels, int numFilters,
                            int strideH, int strideW) {

    public ScaleSimLayer {
        if (ifmapH < 1 || ifmapW < 1 || filterH < 1 || filterW < 1 || channels < 1 || numFilters < 1 || strideH < 1 || strideW < 1)
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "layer " + name + ": every dimension and stride must be >= 1");
        if (filterH > ifmapH || filterW > ifmapW)
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "layer " + name + ": the filter cannot be larger than the ifmap");
    }

    /** The topology file of this layer alone (conv rows, both strides). */
    public String toTopology() {
        return "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Stride Height, Stride Width,\n"
                + String.join(", ", name, "" + ifmapH, "" + ifmapW, "" + filterH, "" + filterW, "" + channels, "" + numFilters, "" + strideH, "" + strideW) + ",\n";
    }

    public static ScaleSimLayer gemm(String name, int m, int n, int k) {
        return new ScaleSimLayer(name, m, k, 1, k, 1, n, 1, 1);
    }

    public int ofmapH() { return (ifmapH - filterH + strideH + strideH - 1) / strideH; }
    public int ofmapW() { return (ifmapW - filterW + strideW + strideW - 1) / strideW; }
    /** Output pixels per filter (the GEMM's M). */
    public int ofmapPixels() { return ofmapH() * ofmapW(); }
    /** Elements of one convolution window (the GEMM's K). */
    public int window() { return filterH * filterW * channels; }
    public long macs() { return (long) ofmapPixels() * numFilters * window(); }

    /**
     * Reads a SCALE-Sim topology CSV: a header line, then conv rows
     * {@code name, ifmap H, ifmap W, filter H, filter W, channels, filters, stride[, stride W],} or,
     * with {@code gemm}, rows {@code name, M, N, K,}. A conv layer whose name contains "DP" is
     * depthwise: one single-channel layer per channel, as SCALE-Sim expands it.
     */
    public static List<ScaleSimLayer> readTopology(Path file, boolean gemm) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<ScaleSimLayer> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String row = lines.get(i).strip();
            if (row.isEmpty()) continue;
            String[] cells = row.split(",", -1);
            int n = cells.length - 1; // SCALE-Sim drops the cell after the last comma
            String where = file + ":" + (i + 1) + ": ";
            try {
                if (gemm) {
                    if (n < 4) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "expected 'name, M, N, K,', got '" + row + "'");
                    out.add(gemm(cells[0].strip(), num(cells[1]), num(cells[2]), num(cells[3])));
                } else {
                    if (n < 8) throw new InvalidInputException(ErrorKind.BAD_FORMAT, "expected 'name, ifmap H, ifmap W, filter H, filter W, channels, filters, stride,', got '" + row + "'");
                    String name = cells[0].strip();
                    int sh = num(cells[7]), sw = n >= 9 ? num(cells[8]) : sh;
                    int ch = num(cells[5]);
                    if (name.contains("DP")) {
                        for (int c = 0; c < ch; c++)
                            out.add(new ScaleSimLayer(name + "Channel_" + c, num(cells[1]), num(cells[2]), num(cells[3]), num(cells[4]), 1, num(cells[6]), sh, sw));
                    } else {
                        out.add(new ScaleSimLayer(name, num(cells[1]), num(cells[2]), num(cells[3]), num(cells[4]), ch, num(cells[6]), sh, sw));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(ErrorKind.of(e, ErrorKind.BAD_FORMAT), where + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) throw new InvalidInputException(ErrorKind.MISSING, file + ": no layer rows after the header");
        return out;
    }

    private static int num(String cell) {
        try {
            return Integer.parseInt(cell.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, "'" + cell.strip() + "' is not an integer");
        }
    }
}
