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
     * OS on an 8x8 array, SCALE-Sim v2's count: every fold (edge folds included) takes K + 8 + 8 - 2
     * cycles (the outputs drain while the next fold streams in) and the figure is the index of the
     * last cycle: F * (K + 14) - 1.
     * 8x8x8: 22 - 1 = 21. 16x16x4: 4 * 18 - 1 = 71. 20x10x7: 6 folds of 21 -> 125. 5x3x1: 14.
     * 1x10x32 (a dense layer, batch 1): 2 folds of 46 -> 91. 9x9x9: 4 folds of 23 -> 91.
     */
    @ParameterizedTest
    @CsvSource({"8,8,8,21", "16,16,4,71", "20,10,7,125", "5,3,1,14", "1,10,32,91", "9,9,9,91"})
    void outputStationaryCyclesFollowScaleSimsFoldCount(int m, int n, int k, long expected) {
        LayerStats s = run(8, 8, Dataflow.OS, m, n, k);
        assertEquals(expected, s.computeCycles());
        assertEquals(expected, s.cycles(), "no stalls with ample SRAM and bandwidth");
        assertEquals(expected, SystolicAnalytical.exactComputeCycles(8, 8, Dataflow.OS, m, n, k));
        assertEquals((long) m * n * k, s.busy(), "every MAC done once");
    }

    @Test
    void textbookFormulaChargesOutputStationaryADrainScaleSimOverlaps() {
        // F * (2R + C + T - 2): WS/IS one cycle above SCALE-Sim's last-cycle index, OS R cycles per fold more
        assertEquals(4 * (16 + 8 + 4 - 2), SystolicAnalytical.textbookComputeCycles(8, 8, Dataflow.OS, 16, 16, 4));
        assertEquals(4 * (16 + 8 + 4 - 2) - 4 * 8 - 1, run(8, 8, Dataflow.OS, 16, 16, 4).computeCycles());
        assertEquals(SystolicAnalytical.textbookComputeCycles(8, 8, Dataflow.WS, 20, 10, 7) - 1, run(8, 8, Dataflow.WS, 20, 10, 7).computeCycles());
    }

    @Test
    void aPerfectlyFittingLayerKeepsTheArrayBusyButForFillAndDrain() {
        // 8x8 outputs, K = 1000 on 8x8: one fold of 1000 + 8 + 8 - 2 cycles, last index 1013, 64000 MACs
        LayerStats s = run(8, 8, Dataflow.OS, 8, 8, 1000);
        assertEquals(1013, s.cycles());
        assertEquals(1000.0 / 1013.0, s.utilisation(), 1e-12);
        // a 4x8 output tile on the same array takes as long and leaves half of the rows idle
        LayerStats half = run(8, 8, Dataflow.OS, 4, 8, 1000);
        assertEquals(1013, half.cycles());
        assertTrue(half.utilisation() < 0.5);
    }

    /**
     * 16x16 array (fold: OS T + 30, WS/IS T + 46). Stem conv of resnet as GEMM 784 x 16 x 9: OS 49
     * row folds of 39 -> 1910; WS holds the 9x16 filter matrix in one fold and streams the 784 pixels:
     * 830 - 1 = 829. Many filters, 16 x 512 x 16: OS 32 folds of 46 -> 1471, WS 32 of 62 -> 1983; IS
     * keeps the 16x16 inputs and streams the 512 filters: 557. Long reduction, 16 x 16 x 1000: OS one
     * fold, 1029; WS and IS fold K 63 times: 63 * 62 - 1 = 3905.
     */
    @Test
    void eachDataflowWinsWhereItsOperandIsReused() {
        assertEquals(1910, run(16, 16, Dataflow.OS, 784, 16, 9).cycles());
        assertEquals(829, run(16, 16, Dataflow.WS, 784, 16, 9).cycles());
        assertEquals(1471, run(16, 16, Dataflow.OS, 16, 512, 16).cycles());
        assertEquals(1983, run(16, 16, Dataflow.WS, 16, 512, 16).cycles());
        assertEquals(557, run(16, 16, Dataflow.IS, 16, 512, 16).cycles());
        assertEquals(1029, run(16, 16, Dataflow.OS, 16, 16, 1000).cycles());
        assertEquals(3905, run(16, 16, Dataflow.WS, 16, 16, 1000).cycles());
        assertEquals(3905, run(16, 16, Dataflow.IS, 16, 16, 1000).cycles());
    }

    @Test
    void aNarrowDramInterfaceStallsTheArrayAsScaleSimDoes() {
        // 1 KiB SRAMs fed at 1 word per cycle (SCALE-Sim USER bandwidth 1)
        SystolicConfig narrow = new SystolicConfig(8, 8, Dataflow.WS, 1, 1, 1, 1, 200, null);
        ConvLayer layer = TestLayers.gemm(64, 32, 48, 5);
        LayerStats s = new SystolicArray(narrow).run(layer).stats();
        var ref = org.dlas.accel.systolic.scalesim.ScaleSimulator.run(narrow.scaleSim(),
                org.dlas.accel.systolic.scalesim.ScaleSimLayer.gemm("g", 64, 32, 48));
        assertEquals(ref.totalCycles(), s.cycles());
        assertEquals(ref.stallCycles(), s.stallCycles());
        assertTrue(s.stallCycles() > s.computeCycles(), "the stalls dominate: " + s.stallCycles() + " vs " + s.computeCycles());
        assertEquals(SystolicAnalytical.exactComputeCycles(8, 8, Dataflow.WS, 64, 32, 48), s.computeCycles());
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
