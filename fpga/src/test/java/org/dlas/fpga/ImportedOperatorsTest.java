package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.fpga.sim.NativeFiles;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.spec.Choice;
import org.dlas.target.JvmTarget;
import org.dlas.target.PreparedModel;
import org.dlas.testing.SeededArrays;
import org.junit.jupiter.api.Test;

/**
 * The operators imported models bring that are not MAC layers (Select for Split/Resize and
 * broadcasting, Reciprocal for Div, rectangular pooling) run on the host between the FPGA's int8
 * layers: the driver gives the JVM target's outputs exactly.
 */
class ImportedOperatorsTest {

    private static float[] rand(Random r, int n, float scale) { return SeededArrays.gaussian(r, n, scale); }

    private static Op.Conv2d conv(ConvSpec s, Random r) {
        return new Op.Conv2d(s, rand(r, s.weightCount(), 0.3f), rand(r, s.outChannels(), 0.1f), null);
    }

    @Test void int8GraphWithImportedOperatorsMatchesTheJvmTarget() throws Exception {
        Natives.worker();
        Random r = new Random(11);
        int[] twice = SeededArrays.doubled(12), twiceW = SeededArrays.doubled(10);
        Graph g = new Graph("imported-ops", List.of(
                Node.of("x", new Op.Input(4, 6, 5)),
                Node.of("c1", conv(new ConvSpec(4, 8, 3, 3, 1, 1, 1, 1, 1), r), "x"),
                Node.of("left", new Op.Select(Op.Select.range(0, 4), Op.Select.all(6), Op.Select.all(5)), "c1"),
                Node.of("up", new Op.Select(Op.Select.all(4), twice, twiceW), "left"),
                Node.of("down", new Op.MaxPool(2, 2, 0), "up"),
                Node.of("squash", new Op.Clip(0.5f, 4f), "down"),
                Node.of("inv", new Op.Reciprocal(), "squash"),
                Node.of("tall", new Op.MaxPool(3, 1, 1, 2, 1, 0), "inv"),
                Node.of("wide", new Op.AvgPool(1, 2, 1, 1, 0, 1), "tall"),
                Node.of("c2", conv(new ConvSpec(4, 6, 3, 1, 1, 1, 1, 0, 1), r), "wide"),
                Node.of("pool", new Op.GlobalAvgPool(), "c2"),
                Node.of("fc", new Op.Dense(6, 3, rand(r, 18, 0.5f), rand(r, 3, 0.1f), null), "pool")));
        int n = 4;
        float[] x = rand(new Random(4), n * g.inputShape().size(), 1f);
        Graph q = Compressions.apply(g, Choice.of("int8"), new CalibrationData(x, n));
        assertTrue(q.fp32MacLayers().isEmpty(), q.fp32MacLayers().toString());
        Choice gemm = Choice.of("gemm"), none = Choice.of("none");
        float[] reference;
        try (PreparedModel jvm = new JvmTarget().prepare(q, Choice.of("jvm"), gemm, none)) {
            reference = jvm.infer(x, n);
        }
        FpgaTarget target = new FpgaTarget(NativeFiles.standard());
        try (PreparedModel fpga = target.prepare(q, new Choice("fpga", Map.of("design", "vm")), gemm, none)) {
            assertArrayEquals(reference, fpga.infer(x, n), 0f, "same int32 accumulators, host operators as on the jvm");
        } finally {
            target.close();
        }
    }
}
