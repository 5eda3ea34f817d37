package org.dlas.kernels;

import static org.dlas.kernels.ConvCases.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Every primitive on every shape of {@link ConvCases#manyShapes()} against the direct reference:
 * fp32 within {@link ConvCases#FP32_RTOL}, int8 exactly. Winograd runs where applicable and must
 * otherwise report why not.
 */
class PrimitiveEquivalenceTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String name : Primitives.names()) {
            if (name.equals(DirectPrimitive.NAME)) continue;
            for (Shape s : manyShapes()) out.add(Arguments.of(name, s));
        }
        return out.stream();
    }

    private static ConvPrimitive primitive(String name) {
        return Primitives.create(name, Map.of());
    }

    @ParameterizedTest(name = "{0} fp32 {1}")
    @MethodSource("cases")
    void fp32MatchesDirect(String name, Shape s) {
        ConvPrimitive p = primitive(name);
        if (p.notApplicable(s.spec()).isPresent()) {
            assertEquals(WinogradPrimitive.NAME, name, "only winograd has inapplicable shapes");
            assertEquals(ErrorKind.UNSUPPORTED, assertThrows(InvalidInputException.class, () -> p.prepare(s.spec(), new float[s.spec().weightCount()], null)).kind());
            return;
        }
        Random rnd = new Random(s.label().hashCode() * 31L + name.hashCode());
        float[] w = randomFloats(rnd, s.spec().weightCount());
        float[] b = randomFloats(rnd, s.spec().outChannels());
        float[] x = randomFloats(rnd, inputLength(s));
        float[] ref = new DirectPrimitive().prepare(s.spec(), w, b).run(x, s.n(), s.h(), s.w());
        float[] got = p.prepare(s.spec(), w, b).run(x, s.n(), s.h(), s.w());
        assertEquals(outputLength(s), ref.length);
        assertClose(ref, got, name + " " + s);
        // without bias too
        float[] refNb = new DirectPrimitive().prepare(s.spec(), w, null).run(x, s.n(), s.h(), s.w());
        assertClose(refNb, p.prepare(s.spec(), w, null).run(x, s.n(), s.h(), s.w()), name + " no bias " + s);
    }

    @ParameterizedTest(name = "{0} int8 {1}")
    @MethodSource("cases")
    void int8MatchesDirectExactly(String name, Shape s) {
        ConvPrimitive p = primitive(name);
        if (p.notApplicable(s.spec()).isPresent()) {
            assertEquals(ErrorKind.UNSUPPORTED, assertThrows(InvalidInputException.class, () -> p.prepareInt8(s.spec(), new byte[s.spec().weightCount()], null)).kind());
            return;
        }
        Random rnd = new Random(s.label().hashCode() * 17L + name.hashCode());
        byte[] w = randomBytes(rnd, s.spec().weightCount());
        int[] b = randomInts(rnd, s.spec().outChannels(), 100_000);
        byte[] x = randomBytes(rnd, inputLength(s));
        for (int zp : new int[] {0, -128, 127, rnd.nextInt(256) - 128}) {
            int[] ref = new DirectPrimitive().prepareInt8(s.spec(), w, b).run(x, s.n(), s.h(), s.w(), zp);
            int[] got = p.prepareInt8(s.spec(), w, b).run(x, s.n(), s.h(), s.w(), zp);
            assertExact(ref, got, name + " " + s + " zp=" + zp);
        }
        int[] refNb = new DirectPrimitive().prepareInt8(s.spec(), w, null).run(x, s.n(), s.h(), s.w(), 3);
        assertExact(refNb, p.prepareInt8(s.spec(), w, null).run(x, s.n(), s.h(), s.w(), 3), name + " no bias " + s);
    }

    @ParameterizedTest(name = "{0} rejects bad arguments")
    @MethodSource("names")
    void rejectsBadArguments(String name) {
        ConvPrimitive p = primitive(name);
        ConvSpec spec = conv(2, 3, 3, 3, 1, 1, 1);
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> p.prepare(spec, new float[5], null), "weight length").kind());
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> p.prepare(spec, new float[54], new float[2]), "bias length").kind());
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> p.prepareInt8(spec, new byte[54], new int[4]), "bias length").kind());
        PreparedConv pc = p.prepare(spec, new float[54], null);
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> pc.run(new float[2 * 5 * 5 - 1], 1, 5, 5), "input length").kind());
        PreparedConvInt8 pi = p.prepareInt8(spec, new byte[54], null);
        assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, () -> pi.run(new byte[50], 1, 5, 5, 128), "zero point range").kind());
        ConvSpec big = conv(1, 1, 5, 5, 1, 0, 1);
        if (p.notApplicable(big).isEmpty()) {
            PreparedConv pb = p.prepare(big, new float[25], null);
            assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, () -> pb.run(new float[9], 1, 3, 3), "kernel larger than image").kind());
        }
        assertTrue(p.name().equals(name));
    }

    static Stream<String> names() { return Primitives.names().stream(); }

    /** The README says every primitive is checked on hundreds of shapes: at least 200 distinct ones, all of them conv-shaped or dense. */
    @Test void coversHundredsOfDistinctShapes() {
        List<Shape> all = manyShapes();
        assertTrue(all.size() >= 200, all.size() + " shapes");
        assertEquals(all.size(), all.stream().map(Shape::label).distinct().count(), "labels are distinct");
        assertEquals(all.size(), all.stream().map(s -> List.of(s.spec(), s.n(), s.h(), s.w())).distinct().count(), "shapes are distinct");
        assertTrue(all.stream().filter(s -> s.spec().groups() > 1).count() >= 20, "grouped and depthwise shapes");
        assertTrue(all.stream().filter(s -> s.h() == 1 && s.w() == 1 && s.spec().kernelH() == 1).count() >= 10, "dense shapes");
        assertTrue(cases().count() >= 200L * (Primitives.names().size() - 1), "every primitive but direct on every shape");
    }
}
