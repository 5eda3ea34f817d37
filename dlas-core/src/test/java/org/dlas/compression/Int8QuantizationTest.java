package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.spec.Choice;
import org.junit.jupiter.api.Test;

class Int8QuantizationTest {

    private static Int8Params quant(Op op) {
        return op instanceof Op.Conv2d c ? c.quant() : op instanceof Op.Dense d ? d.quant() : null;
    }

    @Test
    void everyLayerGetsValidInt8Params() {
        for (Graph g : List.of(TestGraphs.cnn(1), TestGraphs.residual(2), TestGraphs.concat(3), TestGraphs.depthwise(4))) {
            Graph q = Compressions.apply(g, Choice.of("int8"), TestGraphs.calibration(g, 8, 10));
            int layers = 0;
            for (Node n : q.nodes()) {
                assertTrue(!(n.op() instanceof Op.BatchNorm), "BatchNorm folded: " + n.name());
                if (!Int8Quantization.isLayer(n.op())) continue;
                layers++;
                Int8Params p = quant(n.op());
                assertNotNull(p, n.name());
                float[] w = MagnitudePruning.weights(n.op());
                assertEquals(w.length, p.weights().length);
                for (byte b : p.weights()) assertTrue(b >= -127 && b <= 127);
                for (float s : p.weightScales()) assertTrue(s > 0 && Float.isFinite(s));
                assertTrue(p.inputScale() > 0);
                assertTrue(p.inputZeroPoint() >= -128 && p.inputZeroPoint() <= 127);
                // per output channel: the largest weight uses the full range, fp32 weights are the dequantised values
                int k = p.weightScales().length, per = w.length / k;
                for (int ch = 0; ch < k; ch++) {
                    int maxQ = 0;
                    for (int i = ch * per; i < (ch + 1) * per; i++) {
                        maxQ = Math.max(maxQ, Math.abs(p.weights()[i]));
                        assertEquals(p.weights()[i] * p.weightScales()[ch], w[i], 0f);
                    }
                    assertEquals(127, maxQ, n.name() + " channel " + ch);
                }
            }
            assertEquals(g.nodes().stream().filter(n -> Int8Quantization.isLayer(n.op())).count(), layers);
        }
    }

    @Test
    void calibratedRangeCoversTheCalibrationActivations() {
        Graph g = TestGraphs.cnn(5);
        CalibrationData cal = TestGraphs.calibration(g, 12, 11);
        CompressionResult r = Compressions.compress(g, Choice.of("int8"), cal);
        Graph folded = BatchNormFolding.fold(g);
        Map<String, float[]> seen = new HashMap<>();
        TestGraphs.run(folded, cal.images(), cal.count(), (node, out, n) -> {
            float[] mm = seen.computeIfAbsent(node.name(), k -> new float[] {Float.MAX_VALUE, -Float.MAX_VALUE});
            for (float v : out) { mm[0] = Math.min(mm[0], v); mm[1] = Math.max(mm[1], v); }
        });
        for (Node n : r.graph().nodes()) {
            if (!Int8Quantization.isLayer(n.op())) continue;
            Int8Params p = quant(n.op());
            float[] mm = seen.get(n.inputs().get(0));
            // representable real range of the input: (q - zp) * scale for q in [-128, 127]
            double lo = (-128 - p.inputZeroPoint()) * (double) p.inputScale(), hi = (127 - p.inputZeroPoint()) * (double) p.inputScale();
            double tol = p.inputScale();  // rounding of the zero point moves the range by at most half a step
            assertTrue(lo <= mm[0] + tol && hi >= mm[1] - tol, n.name() + ": [" + lo + ", " + hi + "] vs observed [" + mm[0] + ", " + mm[1] + "]");
            CompressionReport.LayerReport e = r.report().layer(n.name(), "quantized");
            assertTrue(e.figure("input_min") <= mm[0] && e.figure("input_max") >= mm[1]);
            assertTrue(e.figure("input_min") <= 0 && e.figure("input_max") >= 0);
        }
        // ReLU outputs are non-negative: the whole int8 range is spent on [0, max]
        assertEquals(-128, quant(r.graph().node("conv2").op()).inputZeroPoint());
    }

    @Test
    void int8OutputIsCloseToFp32AndAQuarterOfTheSize() {
        for (Graph g : List.of(TestGraphs.cnn(6), TestGraphs.residual(7), TestGraphs.concat(8), TestGraphs.depthwise(9))) {
            CalibrationData cal = TestGraphs.calibration(g, 16, 12);
            Graph q = Compressions.apply(g, Choice.of("int8"), cal);
            float[] x = TestGraphs.images(g, 6, 13);    // test images, disjoint from calibration
            double err = TestGraphs.relativeError(TestGraphs.run(q, x, 6), TestGraphs.run(g, x, 6));
            assertTrue(err < 0.05, g.name() + ": int8 relative error " + err);
            if (g.name().equals("cnn")) {
                double ratio = (double) GraphStats.of(q).sizeBytes() / GraphStats.of(g).sizeBytes();
                assertTrue(ratio > 0.24 && ratio < 0.30, "size ratio " + ratio);
            }
        }
    }

    @Test
    void percentileCalibrationClipsTheTails() {
        Graph g = TestGraphs.cnn(14);
        CalibrationData cal = TestGraphs.calibration(g, 16, 15);
        CompressionResult mm = Compressions.compress(g, Choice.of("int8"), cal);
        CompressionResult pc = Compressions.compress(g, new Choice("int8", Map.of("calibration", "percentile", "percentile", 99.0)), cal);
        for (String layer : List.of("conv1", "conv2", "fc")) {
            CompressionReport.LayerReport a = mm.report().layer(layer, "quantized"), b = pc.report().layer(layer, "quantized");
            assertTrue(b.figure("input_max") <= a.figure("input_max") && b.figure("input_min") >= a.figure("input_min"), layer);
            assertTrue(b.figure("input_max") - b.figure("input_min") < a.figure("input_max") - a.figure("input_min"), layer);
        }
        // Gaussian images: the 99th percentile is near 2.33 sigma, the 1st near -2.33
        CompressionReport.LayerReport first = pc.report().layer("conv1", "quantized");
        assertEquals(2.33, first.figure("input_max"), 0.15);
        assertEquals(-2.33, first.figure("input_min"), 0.15);
        float[] x = TestGraphs.images(g, 4, 16);
        double err = TestGraphs.relativeError(TestGraphs.run(pc.graph(), x, 4), TestGraphs.run(g, x, 4));
        assertTrue(err < 0.1, "percentile int8 error " + err);
        // percentile 100 is min/max
        CompressionResult full = Compressions.compress(g, new Choice("int8", Map.of("calibration", "percentile", "percentile", 100)), cal);
        assertEquals(mm.report().layer("fc", "quantized").figures(), full.report().layer("fc", "quantized").figures());
    }

    @Test
    void pruneThenInt8KeepsTheZeros() {
        Graph g = TestGraphs.cnn(17);
        CalibrationData cal = TestGraphs.calibration(g, 8, 18);
        Graph pruned = Compressions.apply(g, Choice.of("prune"), null);
        CompressionResult both = Compressions.compressAll(g, List.of(Choice.of("prune"), Choice.of("int8")), cal);
        assertTrue(GraphStats.of(both.graph()).zeroWeights() >= GraphStats.of(pruned).zeroWeights());
        for (String layer : List.of("conv2", "fc")) {
            float[] w = MagnitudePruning.weights(pruned.node(layer).op());
            byte[] q = quant(both.graph().node(layer).op()).weights();
            for (int i = 0; i < w.length; i++) if (w[i] == 0f) assertEquals(0, q[i]);
        }
        assertTrue(both.report().label().startsWith("prune(") && both.report().label().contains(" then int8("));
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class,
                () -> Compressions.applyAll(g, List.of(Choice.of("int8"), Choice.of("prune")), cal)).kind());
    }

    @Test
    void allZeroFiltersAndDegenerateRangesStayValid() {
        Graph g = TestGraphs.cnnNoBn(19).mapOps(n -> {
            if (!n.name().equals("conv2")) return n.op();
            Op.Conv2d c = (Op.Conv2d) n.op();
            float[] w = c.weight().clone(), b = c.bias().clone();
            int per = w.length / 16;
            java.util.Arrays.fill(w, 0, 2 * per, 0f);   // filters 0 and 1 all zero
            b[1] = 0f;
            return c.withWeights(w, b);
        });
        CalibrationData cal = TestGraphs.calibration(g, 8, 20);
        Graph q = Compressions.apply(g, Choice.of("int8"), cal);
        Int8Params p = quant(q.node("conv2").op());
        assertTrue(p.weightScales()[0] > 0 && p.weightScales()[1] > 0);
        float[] x = TestGraphs.images(g, 3, 21);
        assertTrue(TestGraphs.relativeError(TestGraphs.run(q, x, 3), TestGraphs.run(g, x, 3)) < 0.05);
        // an input of all zeros: range [0, 0] still gives a positive scale
        assertTrue(Int8Quantization.inputScale(0, 0) > 0);
        assertEquals(-128, Int8Quantization.zeroPoint(0, Int8Quantization.inputScale(0, 0)));
        assertEquals(0, Int8Quantization.zeroPoint(-1, Int8Quantization.inputScale(-1, 1)), 1);
    }

    @Test
    void needsCalibrationOfTheRightShape() {
        Graph g = TestGraphs.cnn(22);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Compressions.apply(g, Choice.of("int8"), null));
        assertEquals(ErrorKind.MISSING, e.kind());
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> Compressions.apply(g, Choice.of("int8"), new CalibrationData(new float[10 * 7], 10))).kind());
        Graph q = Compressions.apply(g, Choice.of("int8"), TestGraphs.calibration(g, 2, 1));
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> Compressions.apply(q, Choice.of("int8"), TestGraphs.calibration(g, 2, 1))).kind());
    }
}
