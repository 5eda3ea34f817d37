package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A conv run with a fused epilogue and into a caller's array gives, bit for bit, the conv's own
 * output followed by the separate BatchNorm ({@code x * scale + shift}) and ReLU
 * ({@code min(max(x, 0), cap)}) steps, for the kernels that fuse it (spatial pack's vector kernel:
 * pointwise, padded-plane and dense paths; the depthwise kernel) and for the default of the others.
 */
class EpilogueTest {

    private static List<Shape> cases() {
        List<Shape> all = new ArrayList<>(shapes());
        all.addAll(DepthwisePrimitiveTest.depthwiseShapes());
        all.add(new Shape("1x1 c16->64 14x14 (mobilenetv2 expand)", conv(16, 64, 1, 1, 1, 0, 1), 1, 14, 14));
        all.add(new Shape("1x1 c24->20 7x7 n2 (ragged block)", conv(24, 20, 1, 1, 1, 0, 1), 2, 7, 7));
        all.add(new Shape("3x3 c16->16 14x14 (resnet)", conv(16, 16, 3, 3, 1, 1, 1), 1, 14, 14));
        return all;
    }

    private static float[] separate(float[] conv, Epilogue e, int n) {
        float[] y = conv.clone();
        int plane = y.length / (n * e.channels());
        for (int i = 0; i < y.length; i++) {
            int k = i / plane % e.channels();
            if (e.scale() != null) y[i] = y[i] * e.scale()[k] + e.shift()[k];
            if (!Float.isNaN(e.cap())) y[i] = Math.min(Math.max(y[i], 0f), e.cap());
        }
        return y;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }

    @Test void fusedRunsGiveTheBitsOfTheSeparateStepsAndWriteIntoTheCallersArray() {
        List<ConvPrimitive> primitives = List.of(Primitives.create("spatial-pack", Map.of()), new DepthwisePrimitive(),
                Primitives.create("gemm", Map.of()));
        int checked = 0;
        for (Shape s : cases()) {
            Random rnd = new Random(s.label().hashCode());
            ConvSpec spec = s.spec();
            float[] w = randomFloats(rnd, spec.weightCount()), b = randomFloats(rnd, spec.outChannels());
            float[] x = randomFloats(rnd, inputLength(s));
            int k = spec.outChannels();
            float[] scale = randomFloats(rnd, k), shift = randomFloats(rnd, k);
            shift[0] = -0f;
            List<Epilogue> epilogues = List.of(Epilogue.none(k), new Epilogue(k, scale, shift, Float.NaN),
                    Epilogue.none(k).thenRelu(Float.POSITIVE_INFINITY), new Epilogue(k, scale, shift, 6f),
                    new Epilogue(k, scale, shift, 0.25f));
            for (ConvPrimitive p : primitives) {
                if (p.notApplicable(spec).isPresent()) continue;
                PreparedConv layer = p.prepare(spec, w, b);
                float[] plain = layer.run(x, s.n(), s.h(), s.w());
                for (Epilogue e : epilogues) {
                    float[] into = new float[plain.length];
                    Arrays.fill(into, Float.NaN); // every cell must be written
                    float[] got = layer.run(x, s.n(), s.h(), s.w(), into, e);
                    if (p instanceof DepthwisePrimitive || p.name().equals("spatial-pack")) {
                        assertSame(into, got, p.name() + " " + s + ": writes into the caller's array");
                    }
                    assertArrayEquals(bits(separate(plain, e, s.n())), bits(got), p.name() + " " + s + " " + e);
                    checked++;
                }
                float[] wrongLength = new float[plain.length + 1];
                float[] fresh = layer.run(x, s.n(), s.h(), s.w(), wrongLength);
                assertEquals(plain.length, fresh.length, p.name() + " " + s + ": an array of another length is not used");
                assertArrayEquals(bits(plain), bits(fresh), p.name() + " " + s);
            }
        }
        assertEquals(true, checked > 500, checked + " runs checked");
    }

    @Test void theVectorRowWriterLeavesNoCellToTheNextPlane() {
        // 3 planes side by side; the middle one written from accumulators with a pitch: the others keep their values
        for (int ow : new int[] {1, 3, 7, 14, 16, 17, 40}) {
            for (int oh : new int[] {1, 2, 5}) {
                int pitch = ow + 3, plane = oh * ow;
                float[] acc = new float[oh * pitch + Epilogue.lanes()];
                for (int i = 0; i < acc.length; i++) acc[i] = i * 0.5f - 7f;
                float[] out = new float[3 * plane];
                Arrays.fill(out, 42f);
                Epilogue e = Epilogue.none(1).thenRelu(6f);
                e.writeRows(acc, 0, pitch, 0.25f, 0, out, plane, oh, ow);
                for (int i = 0; i < plane; i++) {
                    assertEquals(42f, out[i], "before the plane");
                    assertEquals(42f, out[2 * plane + i], "after the plane");
                    float want = Math.min(Math.max(acc[i / ow * pitch + i % ow] + 0.25f, 0f), 6f);
                    assertEquals(want, out[plane + i], ow + "x" + oh + " cell " + i);
                }
            }
        }
    }
}
