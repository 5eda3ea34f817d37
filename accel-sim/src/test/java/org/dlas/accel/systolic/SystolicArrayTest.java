package org.dlas.accel.systolic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlas.accel.ConvLayer;
import org.dlas.accel.LayerResult;
import org.dlas.accel.LayerStats;
import org.dlas.accel.TestLayers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystolicArrayTest {

    private static LayerStats run(int rows, int cols, Dataflow d, int m, int n, int k) {
        SystolicConfig cfg = new SystolicConfig(rows, cols, d, 1024, 1024, 1024, 1e6, 200, null); // memory never limits
        return new SystolicArray(cfg).run(TestLayers.gemm(m, n, k, 7)).stats();
    }

    /**
     * OS on an 8x8 array. Per fold of s_r x s_c PEs: s_r + s_c + K + 8 - 2 cycles.
     * 8x8x8: one full fold 8+8+8+6 = 30 (= textbook 2R+C+T-2).
     * 16x16x4: four full folds of 8+8+4+6 = 26 -> 104.
     * 20x10x7: row folds 8,8,4 x column folds 8,2: 2*(8+8+13) + 2*(8+2+13) + (4+8+13) + (4+2+13) = 58+46+25+19 = 148.
     * 5x3x1: one partial fold 5+3+1+6 = 15.
     * 1x10x32 (a dense layer, batch 1): folds (1,8) and (1,2): (1+8+38) + (1+2+38) = 88.
     * 9x9x9: folds (8,8),(8,1),(1,8),(1,1) with K+6 = 15: 31+24+24+17 = 96.
     */
    @ParameterizedTest
    @CsvSource({"8,8,8,30", "16,16,4,104", "20,10,7,148", "5,3,1,15", "1,10,32,88", "9,9,9,96"})
    void outputStationaryCyclesFollowTheFoldFormula(int m, int n, int k, long expected) {
        LayerStats s = run(8, 8, Dataflow.OS, m, n, k);
        assertEquals(expected, s.computeCycles());
        assertEquals(expected, SystolicAnalytical.exactComputeCycles(8, 8, Dataflow.OS, m, n, k));
        assertEquals((long) m * n * k, s.busy(), "every MAC done once");
    }

    @Test
    void textbookFormulaIsExactOnlyWhenTheShapeDividesTheArray() {
        // dividing: F * (2R + C + T - 2)
        assertEquals(4 * (16 + 8 + 4 - 2), SystolicAnalytical.textbookComputeCycles(8, 8, Dataflow.OS, 16, 16, 4));
        assertEquals(run(8, 8, Dataflow.OS, 16, 16, 4).computeCycles(), SystolicAnalytical.textbookComputeCycles(8, 8, Dataflow.OS, 16, 16, 4));
        // 20x10x7: textbook charges every one of the 6 folds a full 2*8+8+7-2 = 29 -> 174, the model 148
        assertEquals(174, SystolicAnalytical.textbookComputeCycles(8, 8, Dataflow.OS, 20, 10, 7));
        LayerStats s = run(8, 8, Dataflow.OS, 20, 10, 7);
        assertEquals((174.0 - 148) / 148, (double) Math.abs(s.analytical().computeCycles() - s.computeCycles()) / s.computeCycles(), 1e-12);
    }

    @Test
    void aPerfectlyFittingLayerKeepsTheArrayBusyButForFillAndDrain() {
        // 8x8 outputs, K = 1000 on 8x8: one fold of 1000 + 8 + 8 + 8 - 2 = 1022 cycles, 64000 MACs
        LayerStats s = run(8, 8, Dataflow.OS, 8, 8, 1000);
        assertEquals(1022, s.cycles());
        assertEquals(1000.0 / 1022.0, s.utilisation(), 1e-12);
        // a 4x8 output tile on the same array leaves half of the rows idle
        LayerStats half = run(8, 8, Dataflow.OS, 4, 8, 1000);
        assertEquals(4 + 8 + 1000 + 6, half.cycles());
        assertTrue(half.utilisation() < 0.5);
    }

    /**
     * 16x16 array. Stem conv of resnet as GEMM 784 x 16 x 9: OS 49 row folds -> 49*(9+14) + 784 + 49*16 = 2695;
     * WS holds the 9x16 filter matrix in one fold and streams the 784 pixels: 784+14+9+16 = 823.
     * Many filters, 16 x 512 x 16: OS and WS fold 32 times -> 32*(16+14) + 32*16 + 512 = 1984; IS keeps the
     * 16x16 inputs and streams the 512 filters: 512+14+16+16 = 558. Long reduction, 16 x 16 x 1000: OS
     * one fold 1000+14+16+16 = 1046; WS and IS fold K 63 times: 63*(16+14) + 1000 + 63*16 = 3898.
     */
    @Test
    void weightAndInputStationaryWinWhereTheirOperandIsReused() {
        assertEquals(2695, run(16, 16, Dataflow.OS, 784, 16, 9).cycles());
        assertEquals(823, run(16, 16, Dataflow.WS, 784, 16, 9).cycles());
        assertEquals(1984, run(16, 16, Dataflow.OS, 16, 512, 16).cycles());
        assertEquals(1984, run(16, 16, Dataflow.WS, 16, 512, 16).cycles());
        assertEquals(558, run(16, 16, Dataflow.IS, 16, 512, 16).cycles());
        assertEquals(1046, run(16, 16, Dataflow.OS, 16, 16, 1000).cycles());
        assertEquals(3898, run(16, 16, Dataflow.WS, 16, 16, 1000).cycles());
        assertEquals(3898, run(16, 16, Dataflow.IS, 16, 16, 1000).cycles());
    }

    @ParameterizedTest
    @CsvSource({"OS,20,10,7", "WS,20,10,7", "IS,20,10,7", "WS,9,9,33", "IS,33,5,17"})
    void everyDataflowMatchesTheExactFormulaAndComputesTheReference(Dataflow d, int m, int n, int k) {
        ConvLayer layer = TestLayers.gemm(m, n, k, 3);
        LayerResult r = new SystolicArray(new SystolicConfig(8, 8, d, 1024, 1024, 1024, 1e6, 200, null)).run(layer);
        assertEquals(SystolicAnalytical.exactComputeCycles(8, 8, d, m, n, k), r.stats().computeCycles());
        float[] ref = referenceOf(layer);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], (float) r.outputs()[i], 0f, "output " + i);
    }

    static float[] referenceOf(ConvLayer layer) {
        var s = layer.shape();
        float[] in = new float[(int) s.inputElements()];
        // the test layers have no padding: the padded buffer is the input
        for (int i = 0; i < in.length; i++) in[i] = (float) layer.paddedInput()[i];
        float[] w = new float[layer.weights().length];
        for (int i = 0; i < w.length; i++) w[i] = (float) layer.weights()[i];
        return TestLayers.reference(s.spec(), w, in, s.n(), s.h(), s.w());
    }
}
