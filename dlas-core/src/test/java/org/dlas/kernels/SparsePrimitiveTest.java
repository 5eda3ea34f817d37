package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** csr and bsr (several block shapes) on pruned weights: sparsity 0, 0.5, 0.9 and 1 (all zero). */
class SparsePrimitiveTest {
    private static final double[] SPARSITIES = {0.0, 0.5, 0.9, 1.0};

    private static List<ConvPrimitive> sparsePrimitives() {
        return List.of(new CsrPrimitive(), new BsrPrimitive(), new BsrPrimitive(1, 1),
                new BsrPrimitive(3, 5), new BsrPrimitive(8, 2), new BsrPrimitive(64, 64));
    }

    static Stream<Arguments> cases() {
        List<Shape> shapes = shapes();
        List<Arguments> out = new ArrayList<>();
        for (ConvPrimitive p : sparsePrimitives()) {
            for (double sp : SPARSITIES) {
                for (Shape s : shapes) out.add(Arguments.of(p, sp, s));
            }
        }
        return out.stream();
    }

    private static String label(ConvPrimitive p) {
        return p instanceof BsrPrimitive b ? "bsr " + b.blockRows() + "x" + b.blockCols() : p.name();
    }

    @ParameterizedTest(name = "{0} sparsity {1} {2}")
    @MethodSource("cases")
    void prunedWeightsMatchDirect(ConvPrimitive p, double sparsity, Shape s) {
        Random rnd = new Random(s.label().hashCode() + Double.hashCode(sparsity) * 7L + label(p).hashCode());
        int wc = s.spec().weightCount();
        boolean[] zero = zeroMask(rnd, wc, sparsity);

        float[] w = sparsify(randomFloats(rnd, wc), zero);
        float[] b = randomFloats(rnd, s.spec().outChannels());
        float[] x = randomFloats(rnd, inputLength(s));
        float[] ref = new DirectPrimitive().prepare(s.spec(), w, b).run(x, s.n(), s.h(), s.w());
        assertClose(ref, p.prepare(s.spec(), w, b).run(x, s.n(), s.h(), s.w()), label(p) + " " + s);

        byte[] wq = sparsify(randomBytes(rnd, wc), zero);
        int[] bq = randomInts(rnd, s.spec().outChannels(), 1000);
        byte[] xq = randomBytes(rnd, inputLength(s));
        int zp = rnd.nextInt(256) - 128;
        int[] refQ = new DirectPrimitive().prepareInt8(s.spec(), wq, bq).run(xq, s.n(), s.h(), s.w(), zp);
        assertExact(refQ, p.prepareInt8(s.spec(), wq, bq).run(xq, s.n(), s.h(), s.w(), zp), label(p) + " int8 " + s);
    }

    /** Whole 4x4 blocks zeroed (the case BSR is built for), so that dropped blocks really occur. */
    @ParameterizedTest(name = "bsr block-pruned {0}")
    @MethodSource("org.dlas.kernels.ConvCases#shapes")
    void blockPrunedWeightsMatchDirect(Shape s) {
        Random rnd = new Random(s.label().hashCode());
        ConvSpec spec = s.spec();
        int kd = spec.weightCount() / spec.outChannels(), kg = spec.outPerGroup();
        float[] w = randomFloats(rnd, spec.weightCount());
        byte[] wq = randomBytes(rnd, spec.weightCount());
        for (int g = 0; g < spec.groups(); g++) {
            for (int ib = 0; ib < (kg + 3) / 4; ib++) {
                for (int jb = 0; jb < (kd + 3) / 4; jb++) {
                    if (rnd.nextDouble() < 0.6) continue;
                    for (int i = ib * 4; i < Math.min(kg, ib * 4 + 4); i++) {
                        for (int j = jb * 4; j < Math.min(kd, jb * 4 + 4); j++) {
                            w[(g * kg + i) * kd + j] = 0f;
                            wq[(g * kg + i) * kd + j] = 0;
                        }
                    }
                }
            }
        }
        ConvPrimitive bsr = Primitives.create("bsr", Map.of("block_rows", 4, "block_cols", 4));
        float[] x = randomFloats(rnd, inputLength(s));
        assertClose(new DirectPrimitive().prepare(spec, w, null).run(x, s.n(), s.h(), s.w()),
                bsr.prepare(spec, w, null).run(x, s.n(), s.h(), s.w()), "bsr " + s);
        byte[] xq = randomBytes(rnd, inputLength(s));
        assertExact(new DirectPrimitive().prepareInt8(spec, wq, null).run(xq, s.n(), s.h(), s.w(), -7),
                bsr.prepareInt8(spec, wq, null).run(xq, s.n(), s.h(), s.w(), -7), "bsr int8 " + s);
    }
}
