package org.dlas.onnx;

import java.util.Arrays;

/**
 * Resolves the padding of a 2-D Conv or pooling node (explicit {@code pads} or {@code auto_pad})
 * to the symmetric per-axis padding dlas uses. Padding whose begin and end differ is accepted
 * only where it cannot change the result: when the output has the same size with the begin
 * padding on both sides, every window reads the same cells (window starts depend on the begin
 * padding only).
 */
final class Padding {
    private Padding() { }

    /** Returns {padH, padW}. */
    static int[] resolve(NodeProto n, int inH, int inW, int kH, int kW, int sH, int sW) {
        String autoPad = ImportContext.attrString(n, "auto_pad", "NOTSET");
        long[] pads;
        switch (autoPad) {
            case "NOTSET", "" -> {
                pads = ImportContext.attrInts(n, "pads", new long[4]);
                if (pads.length != 4) throw ImportContext.error(n, "pads " + Arrays.toString(pads) + " should have 4 values for a 2-D window");
            }
            case "VALID" -> pads = new long[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                pads = new long[4];
                int[] in = {inH, inW}, k = {kH, kW}, s = {sH, sW};
                for (int d = 0; d < 2; d++) {
                    long out = (in[d] + s[d] - 1) / s[d];
                    long total = Math.max(0, (out - 1) * s[d] + k[d] - in[d]);
                    long begin = autoPad.equals("SAME_LOWER") ? (total + 1) / 2 : total / 2;
                    pads[d] = begin;
                    pads[d + 2] = total - begin;
                }
            }
            default -> throw ImportContext.error(n, "unknown auto_pad '" + autoPad + "'");
        }
        int[] in = {inH, inW}, k = {kH, kW}, s = {sH, sW};
        int[] sym = new int[2];
        for (int d = 0; d < 2; d++) {
            long begin = pads[d], end = pads[d + 2];
            if (begin < 0 || end < 0) throw ImportContext.error(n, "negative padding " + Arrays.toString(pads));
            if (begin != end && outSize(in[d], begin, begin, k[d], s[d]) != outSize(in[d], begin, end, k[d], s[d])) {
                String source = autoPad.startsWith("SAME") ? " (from auto_pad=" + autoPad + " on a " + inH + "x" + inW + " input)" : "";
                throw ImportContext.error(n, "asymmetric padding pads=" + Arrays.toString(pads) + source
                        + " (begin " + pads[0] + "," + pads[1] + " != end " + pads[2] + "," + pads[3]
                        + "); dlas supports symmetric padding only");
            }
            sym[d] = (int) begin;
        }
        return sym;
    }

    static long outSize(long in, long begin, long end, long k, long s) {
        return Math.floorDiv(in + begin + end - k, s) + 1;
    }

    /** Checks that {@code dilations} are all 1. */
    static void requireNoDilation(NodeProto n) {
        long[] dil = ImportContext.attrInts(n, "dilations", new long[] {1, 1});
        for (long d : dil) {
            if (d != 1) throw ImportContext.error(n, "dilations " + Arrays.toString(dil) + " are not supported (dlas supports dilation 1 only)");
        }
    }

    /** Two positive values, e.g. strides, or {@code def} when absent. */
    static int[] pair(NodeProto n, String attr, int def) {
        long[] v = ImportContext.attrInts(n, attr, new long[] {def, def});
        if (v.length != 2) throw ImportContext.error(n, attr + " " + Arrays.toString(v) + " should have 2 values (only 2-D windows are supported)");
        if (v[0] <= 0 || v[1] <= 0 || v[0] > Integer.MAX_VALUE || v[1] > Integer.MAX_VALUE) {
            throw ImportContext.error(n, attr + " " + Arrays.toString(v) + " should be positive");
        }
        return new int[] {(int) v[0], (int) v[1]};
    }
}
