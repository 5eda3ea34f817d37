package org.dlas.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.dlas.accel.bench.LayerCapture;
import org.dlas.accel.maeri.MaeriConfig;
import org.dlas.accel.maeri.MaeriSimulator;
import org.dlas.accel.sigma.SigmaConfig;
import org.dlas.accel.sigma.SigmaSimulator;
import org.dlas.accel.systolic.Dataflow;
import org.dlas.accel.systolic.SystolicArray;
import org.dlas.accel.systolic.SystolicConfig;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.Primitives;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every simulator computes, through its dataflow, what the direct reference kernel computes, on
 * every conv/dense layer of the trained lenet and resnet with the real activations of 2 test
 * images: fp32 within 1e-5 relative to the layer's largest output (summation order differs in
 * MAERI's and SIGMA's adder trees; the systolic array sums in the reference's order and matches it
 * bit for bit), int8 exactly (the int32 accumulators, bias included, through the primitive).
 */
class FunctionalEquivalenceTest {
    private static final ConvPrimitive DIRECT = Primitives.create("direct", Map.of());

    static Stream<Arguments> accelerators() {
        return Stream.of(
                Arguments.of("systolic 8x8 os", new SystolicArray(SystolicConfig.of(8, 8, Dataflow.OS)), 0.0),
                Arguments.of("systolic 8x16 ws", new SystolicArray(SystolicConfig.of(8, 16, Dataflow.WS)), 0.0),
                Arguments.of("systolic 16x8 is", new SystolicArray(SystolicConfig.of(16, 8, Dataflow.IS)), 0.0),
                Arguments.of("maeri 64", new MaeriSimulator(MaeriConfig.of(64, 16, 16)), 1e-5),
                Arguments.of("maeri 32 narrow", new MaeriSimulator(MaeriConfig.of(32, 4, 2)), 1e-5),
                Arguments.of("sigma 64 sparse", new SigmaSimulator(SigmaConfig.of(64, 64, 64, true)), 1e-5),
                Arguments.of("sigma 32 dense", new SigmaSimulator(SigmaConfig.of(32, 8, 8, false)), 1e-5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accelerators")
    void fp32OutputsMatchTheReferenceOnRealLayers(String label, Accelerator acc, double tolerance) {
        for (String model : List.of("lenet", "resnet", "resnet/prune0.5")) {
            for (LayerCapture.Captured c : RealModels.layers(model, 2)) {
                SimulatedPrimitive sim = new SimulatedPrimitive(acc, new SimStats());
                float[] expected = DIRECT.prepare(c.spec(), c.weights(), c.bias()).run(c.input(), c.n(), c.h(), c.w());
                float[] actual = sim.prepare(c.spec(), c.weights(), c.bias()).run(c.input(), c.n(), c.h(), c.w());
                assertEquals(expected.length, actual.length);
                float scale = 0;
                for (float v : expected) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], tolerance * scale, label + " " + model + " " + c.name() + " output " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accelerators")
    void int8OutputsEqualTheReferenceExactly(String label, Accelerator acc, double ignored) {
        for (String model : List.of("lenet/int8", "resnet/int8")) {
            for (LayerCapture.Captured c : RealModels.layers(model, 2)) {
                byte[] in = c.quantisedInput();
                int zp = c.quant().inputZeroPoint();
                int[] expected = DIRECT.prepareInt8(c.spec(), c.quant().weights(), c.quantisedBias()).run(in, c.n(), c.h(), c.w(), zp);
                SimulatedPrimitive sim = new SimulatedPrimitive(acc, new SimStats());
                int[] actual = sim.prepareInt8(c.spec(), c.quant().weights(), c.quantisedBias()).run(in, c.n(), c.h(), c.w(), zp);
                for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], label + " " + model + " " + c.name() + " output " + i);
            }
        }
    }
}
