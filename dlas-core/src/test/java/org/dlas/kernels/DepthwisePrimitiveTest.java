package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The depthwise kernel against the direct reference on every depthwise shape of
 * {@link ConvCases#manyShapes()} plus the zoo's depthwise layers: fp32 bit for bit (it sums in
 * the reference's order), int8 exactly; and which primitives hand their depthwise layers to it.
 */
class DepthwisePrimitiveTest {

    static List<Shape> depthwiseShapes() {
        List<Shape> all = new ArrayList<>();
        for (Shape s : manyShapes()) if (s.spec().depthwise()) all.add(s);
        all.add(new Shape("mobilenetv2 ir1.dw 64x14x14", conv(64, 64, 3, 3, 1, 1, 64), 1, 14, 14));
        all.add(new Shape("mobilenetv2 ir2.dw stride2 64x14x14", conv(64, 64, 3, 3, 2, 1, 64), 1, 14, 14));
        all.add(new Shape("mobilenetv2 ir3.dw 96x7x7 n2", conv(96, 96, 3, 3, 1, 1, 96), 2, 7, 7));
        all.add(new Shape("5x3 stride(1,1) pad(2,0) c5", new ConvSpec(5, 5, 5, 3, 1, 1, 2, 0, 5), 2, 6, 8));
        // PaddleOCR's MobileNetV3 classifier (3x48x192): 5x5 pad 2, stride 1 and (2, 1), planes only a few rows high
        all.add(new Shape("ppocr 5x5 88x3x96", new ConvSpec(88, 88, 5, 5, 1, 1, 2, 2, 88), 1, 3, 96));
        all.add(new Shape("ppocr 5x5 200x2x96", new ConvSpec(200, 200, 5, 5, 1, 1, 2, 2, 200), 1, 2, 96));
        all.add(new Shape("ppocr 5x5 stride(2,1) 32x6x96", new ConvSpec(32, 32, 5, 5, 2, 1, 2, 2, 32), 1, 6, 96));
        all.add(new Shape("ppocr 3x3 stride(2,1) 24x12x96", new ConvSpec(24, 24, 3, 3, 2, 1, 1, 1, 24), 1, 12, 96));
        all.add(new Shape("7x7 pad3 stride2 c3 11x13 n2", new ConvSpec(3, 3, 7, 7, 2, 2, 3, 3, 3), 2, 11, 13));
        return all;
    }

    @Test void fp32IsBitIdenticalToDirect() {
        List<Shape> shapes = depthwiseShapes();
        assertTrue(shapes.size() >= 20, shapes.size() + " depthwise shapes");
        for (Shape s : shapes) {
            Random rnd = new Random(s.label().hashCode());
            float[] w = randomFloats(rnd, s.spec().weightCount());
            float[] b = randomFloats(rnd, s.spec().outChannels());
            float[] x = randomFloats(rnd, inputLength(s));
            for (float[] bias : new float[][] {b, null}) {
                float[] ref = new DirectPrimitive().prepare(s.spec(), w, bias).run(x, s.n(), s.h(), s.w());
                float[] got = new DepthwisePrimitive().prepare(s.spec(), w, bias).run(x, s.n(), s.h(), s.w());
                assertArrayEquals(ref, got, s + (bias == null ? " no bias" : ""));
            }
        }
    }

    @Test void int8EqualsDirectExactly() {
        for (Shape s : depthwiseShapes()) {
            Random rnd = new Random(s.label().hashCode() * 7L);
            byte[] w = randomBytes(rnd, s.spec().weightCount());
            int[] b = randomInts(rnd, s.spec().outChannels(), 100_000);
            byte[] x = randomBytes(rnd, inputLength(s));
            for (int zp : new int[] {0, -128, 127, 5}) {
                for (int[] bias : new int[][] {b, null}) {
                    int[] ref = new DirectPrimitive().prepareInt8(s.spec(), w, bias).run(x, s.n(), s.h(), s.w(), zp);
                    int[] got = new DepthwisePrimitive().prepareInt8(s.spec(), w, bias).run(x, s.n(), s.h(), s.w(), zp);
                    assertExact(ref, got, s + " zp=" + zp);
                }
            }
        }
    }

    @Test void threadedRunsGiveTheSameBits() {
        Shape s = new Shape("ir1.dw n3", conv(64, 64, 3, 3, 1, 1, 64), 3, 14, 14);
        Random rnd = new Random(3);
        float[] w = randomFloats(rnd, s.spec().weightCount());
        float[] x = randomFloats(rnd, inputLength(s));
        PreparedConv dw = new DepthwisePrimitive().prepare(s.spec(), w, null);
        long before = Parallel.thresholdMacs();
        try {
            Parallel.setThresholdMacs(0);
            float[] threaded = dw.run(x, s.n(), s.h(), s.w());
            Parallel.setThresholdMacs(Long.MAX_VALUE);
            assertArrayEquals(dw.run(x, s.n(), s.h(), s.w()), threaded);
        } finally {
            Parallel.setThresholdMacs(before);
        }
    }

    @Test void refusesLayersThatAreNotDepthwise() {
        DepthwisePrimitive dw = new DepthwisePrimitive();
        ConvSpec grouped = conv(8, 8, 3, 3, 1, 1, 2);
        assertTrue(dw.notApplicable(grouped).isPresent());
        assertThrows(IllegalArgumentException.class, () -> dw.prepare(grouped, new float[grouped.weightCount()], null));
        assertThrows(IllegalArgumentException.class, () -> dw.prepareInt8(grouped, new byte[grouped.weightCount()], null));
        ConvSpec depthwise = conv(8, 8, 3, 3, 1, 1, 8);
        assertThrows(IllegalArgumentException.class, () -> dw.prepare(depthwise, new float[5], null), "weight length");
        PreparedConv pc = dw.prepare(depthwise, new float[depthwise.weightCount()], null);
        assertThrows(IllegalArgumentException.class, () -> pc.run(new float[8 * 5 * 5 - 1], 1, 5, 5), "input length");
    }

    @Test void takesOverTheDepthwiseLayersOfDlassOwnPrimitivesOnly() {
        ConvSpec depthwise = conv(8, 8, 3, 3, 1, 1, 8), grouped = conv(8, 8, 3, 3, 1, 1, 2);
        for (String name : List.of("direct", "gemm", "spatial-pack", "winograd", "csr", "bsr")) {
            ConvPrimitive p = Primitives.create(name, Map.of());
            assertTrue(DepthwisePrimitive.takesOver(p, depthwise), name);
            assertFalse(DepthwisePrimitive.takesOver(p, grouped), name + " on a grouped layer");
        }
        assertFalse(DepthwisePrimitive.takesOver(new TaggedDirectPrimitive(), depthwise), "a plug-in keeps its own");
    }
}
