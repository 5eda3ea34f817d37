package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlas.data.Dataset;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.PreparedConv;
import org.dlas.kernels.PreparedConvInt8;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.junit.jupiter.api.Test;

/** The SystemC designs reproduce the reference int8 kernels bit for bit on lenet's real layers. */
class LenetLayersTest {

    /** One call of an int8 layer as the runtime made it: real weights, biases and quantised activations. */
    record Call(ConvSpec spec, byte[] weights, int[] bias, byte[] input, int n, int h, int w, int zp, int[] expected) { }

    /** Delegates to direct and records every int8 call. */
    static final class Recorder implements ConvPrimitive {
        final ConvPrimitive direct = Primitives.create("direct", Map.of());
        final List<Call> calls = new ArrayList<>();

        @Override public String name() { return "recorder"; }
        @Override public Optional<String> notApplicable(ConvSpec spec) { return Optional.empty(); }
        @Override public PreparedConv prepare(ConvSpec spec, float[] weights, float[] bias) { return direct.prepare(spec, weights, bias); }
        @Override public PreparedConvInt8 prepareInt8(ConvSpec spec, byte[] weights, int[] bias) {
            PreparedConvInt8 d = direct.prepareInt8(spec, weights, bias);
            return (input, n, h, w, zp) -> {
                int[] out = d.run(input, n, h, w, zp);
                synchronized (calls) {
                    calls.add(new Call(spec, weights, bias, input.clone(), n, h, w, zp, out));
                }
                return out;
            };
        }
    }

    static List<Call> lenetCalls(int images) {
        Recorder rec = new Recorder();
        Dataset test = Lenet.test(images);
        CompiledModel.compile(Lenet.int8(), rec, rec.direct).forward(test.images(), test.size());
        return rec.calls;
    }

    @Test void bothDesignsMatchTheReferenceOnEveryLenetLayer() {
        List<Call> calls = lenetCalls(3);
        assertEquals(4, calls.size(), "conv1, conv2, fc1, fc2");
        assertTrue(calls.get(0).zp() != 0 || calls.get(1).zp() != 0, "real activations have non-zero zero points");
        List<DesignConfig> designs = List.of(
                DesignConfig.vm(16, 4, 16, 4), DesignConfig.sa(8, 8, 16, 4), DesignConfig.sa(16, 16, 32, 8),
                DesignConfig.vm(8, 4, 1, 4), DesignConfig.sa(8, 8, 1, 4));   // 1 KB buffers: the reduction is split
        for (DesignConfig d : designs) {
            for (Call c : calls) {
                SimAccumulator acc = new SimAccumulator();
                int[] got = new FpgaConvPrimitive(d, Natives.pool(), acc).prepareInt8(c.spec(), c.weights(), c.bias())
                        .run(c.input(), c.n(), c.h(), c.w(), c.zp());
                assertArrayEquals(c.expected(), got, c.spec() + " on " + d.label());
                assertEquals(c.n() * c.spec().macs(c.h(), c.w()), acc.snapshot().stats().macs());
            }
        }
    }
}
