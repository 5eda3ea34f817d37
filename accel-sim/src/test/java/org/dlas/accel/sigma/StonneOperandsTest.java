package org.dlas.accel.sigma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** STONNE's SparseGEMM operands come from glibc's rand() with its default seed; dlas draws the same ones. */
class StonneOperandsTest {
    @Test
    void glibcRandFromTheDefaultSeed() {
        // what rand() returns in a C program on glibc that never calls srand()
        int[] expected = {1804289383, 846930886, 1681692777, 1714636915, 1957747793, 424238335, 719885386, 1649760492, 596516649, 1189641421};
        StonneOperands.GlibcRandom r = new StonneOperands.GlibcRandom(1);
        int[] got = new int[expected.length];
        for (int i = 0; i < got.length; i++) got[i] = r.next();
        assertArrayEquals(expected, got);
    }

    @Test
    void sparsityDrawsFollowStonne() {
        float[][] ops = StonneOperands.sparseGemm(32, 32, 64, 50, 0);
        assertEquals(32 * 64, ops[0].length);
        assertEquals(64 * 32, ops[1].length);
        // first draw 1804289383 % 100 = 83 > 50: nonzero, value 846930886 % 10 + 1 = 7
        assertEquals(7f, ops[0][0]);
        long zeros = 0;
        for (float v : ops[0]) if (v == 0) zeros++;
        assertTrue(zeros > 0.45 * ops[0].length && zeros < 0.57 * ops[0].length, zeros + " zeros");
        for (float v : ops[1]) assertTrue(v >= 0 && v <= 10);
    }
}
