package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitFlipStudyTest {

    @Test void flipsTheNamedBit() {
        assertEquals(-1f, BitFlipStudy.flip(1f, 31));
        assertEquals(Float.intBitsToFloat(Float.floatToRawIntBits(1f) | 1), BitFlipStudy.flip(1f, 0));
        assertEquals((byte) -128, BitFlipStudy.flip((byte) 0, 7));
        assertEquals((byte) 5, BitFlipStudy.flip((byte) 4, 0));
    }

    @Test void cutSplitsChainsOnly() {
        var lenet = Fixtures.lenet();
        var parts = BitFlipStudy.cut(lenet, "conv2");
        assertEquals("conv2", parts[0].output());
        assertEquals(lenet.shape("conv2"), parts[1].inputShape());
        assertNull(BitFlipStudy.cut(lenet, "fc2"));
    }

    @Test void exponentMsbHurtsMoreThanMantissaLsbAndInt8IsNoWorse(@TempDir Path dir) throws Exception {
        BitFlipStudy study = new BitFlipStudy(Fixtures.lenet(), Fixtures.test(200), Fixtures.calibration(100), 7)
                .trials(3).fp32Bits(0, 22, 30, 31).activations(true).int8Bits(0, 1, 2, 3, 4, 5, 6, 7);
        BitFlipStudy.Result r = study.run();
        Map<Integer, Double> fp32 = r.dropByBit(BitFlipStudy.FP32);
        assertEquals(0.0, fp32.get(0), 0.01, "mantissa LSB flips are harmless");
        assertTrue(fp32.get(30) > fp32.get(0) + 0.2, "exponent MSB: " + fp32);
        assertTrue(r.worstDrop(BitFlipStudy.INT8) <= r.worstDrop(BitFlipStudy.FP32),
                "int8 worst " + r.worstDrop(BitFlipStudy.INT8) + " vs fp32 worst " + r.worstDrop(BitFlipStudy.FP32));
        // fp32 weights 4 layers x 4 bits, int8 4 x 8, activations at conv1, conv2, fc1 (fc2 is the output) x 4 bits
        assertEquals(4 * 4 + 4 * 8 + 3 * 4, r.rows().size());
        Map<Integer, Double> act = r.dropByBit(BitFlipStudy.FP32_ACT);
        assertEquals(0.0, act.get(0), 0.01, "activation mantissa LSB");
        assertTrue(act.get(30) > act.get(0), "activation exponent MSB: " + act);
        BitFlipStudy.write(r, dir);
        assertTrue(Files.size(dir.resolve("bitflips-by-bit.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("bitflips.csv")).lines().count() == 1 + r.rows().size());
        System.out.println(Files.readString(dir.resolve("bitflips.md")));
    }
}
