package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutputsTest {

    private static final int[] TRUTH = {0, 3, 7, 9};

    private static Outputs constant(float value) {
        float[] logits = new float[TRUTH.length * 10];
        Arrays.fill(logits, value);
        return new Outputs(logits, TRUTH.length, 10);
    }

    @Test
    void allZeroOutputsScoreNothing() {
        // Before: every class tied with the true one, so every image counted as a top-1 and top-5 hit (100 %).
        Outputs zeros = constant(0f);
        assertEquals(0.0, zeros.topK(TRUTH, 1));
        assertEquals(0.0, zeros.topK(TRUTH, 5));
        assertArrayEquals(new int[] {-1, -1, -1, -1}, zeros.top1());
    }

    @Test
    void allNaNOutputsScoreNothing() {
        // Before: no output compared greater than NaN, so every image counted as a hit (100 %).
        Outputs nan = constant(Float.NaN);
        assertEquals(0.0, nan.topK(TRUTH, 1));
        assertEquals(0.0, nan.topK(TRUTH, 5));
        assertArrayEquals(new int[] {-1, -1, -1, -1}, nan.top1());
    }

    @Test
    void oneNaNAmongOutputsMakesTheImageAMiss() {
        float[] logits = oneHot();
        logits[5] = Float.NaN; // image 0, class 5; image 0's true class 0 is still the highest finite output
        Outputs out = new Outputs(logits, TRUTH.length, 10);
        assertEquals(0.75, out.topK(TRUTH, 1));
        assertEquals(-1, out.top1()[0]);
    }

    @Test
    void decidedOutputsCountAsBefore() {
        Outputs out = new Outputs(oneHot(), TRUTH.length, 10);
        assertEquals(1.0, out.topK(TRUTH, 1));
        assertArrayEquals(TRUTH, out.top1());
        int[] wrong = {1, 3, 7, 9};
        assertEquals(0.75, out.topK(wrong, 1));
        // image 0: class 1 sits second (0.5), so it is a top-5 hit but not top-1
        assertEquals(1.0, out.topK(wrong, 5));
    }

    @Test
    void aTieWithTheTrueClassCountsAgainstIt() {
        float[] logits = oneHot();
        logits[10 + 4] = 1f; // image 1: class 4 ties with the true class 3
        Outputs out = new Outputs(logits, TRUTH.length, 10);
        assertEquals(0.75, out.topK(TRUTH, 1));
        assertEquals(1.0, out.topK(TRUTH, 2));
        assertEquals(-1, out.top1()[1]);
    }

    /** Each image's true class at 1, class (truth+1)%10 at 0.5, the rest at 0. */
    private static float[] oneHot() {
        float[] logits = new float[TRUTH.length * 10];
        for (int i = 0; i < TRUTH.length; i++) {
            logits[i * 10 + TRUTH[i]] = 1f;
            logits[i * 10 + (TRUTH[i] + 1) % 10] = 0.5f;
        }
        return logits;
    }
}
