package org.dlas.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvSpec;
import org.dlas.spec.Choice;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.dlas.testing.SeededArrays;
import org.junit.jupiter.api.Test;

/**
 * The operators imported models bring that are not MAC layers (Select for Split/Slice/Resize and
 * broadcasting, Reciprocal for Div, rectangular pooling, bilinear resizing) run on the host between the simulated
 * layers: each accelerator gives the JVM target's outputs.
 */
class ImportedOperatorsOnHostTest {

    private static float[] rand(Random r, int n, float scale) { return SeededArrays.gaussian(r, n, scale); }

    private static Op.Conv2d conv(ConvSpec s, Random r) {
        return new Op.Conv2d(s, rand(r, s.weightCount(), 0.3f), rand(r, s.outChannels(), 0.1f), null);
    }

    static Graph graph() {
        Random r = new Random(11);
        int[] twice = SeededArrays.doubled(12), twiceW = SeededArrays.doubled(10);
        return new Graph("imported-ops", List.of(
                Node.of("x", new Op.Input(4, 6, 5)),
                Node.of("c1", conv(new ConvSpec(4, 8, 3, 3, 1, 1, 1, 1, 1), r), "x"),
                Node.of("left", new Op.Select(Op.Select.range(0, 4), Op.Select.all(6), Op.Select.all(5)), "c1"),
                Node.of("right", new Op.Select(Op.Select.range(4, 8), Op.Select.all(6), Op.Select.all(5)), "c1"),
                Node.of("up", new Op.Select(Op.Select.all(4), twice, twiceW), "left"),
                Node.of("down", new Op.MaxPool(2, 2, 0), "up"),
                Node.of("gap", new Op.GlobalAvgPool(), "right"),
                Node.of("bcast", new Op.Select(Op.Select.all(4), new int[6], new int[5]), "gap"), // [N,4,1,1] to 4x6x5
                Node.of("sum", new Op.Add(), "down", "bcast"),
                Node.of("squash", new Op.Clip(0.5f, 4f), "sum"),
                Node.of("inv", new Op.Reciprocal(), "squash"),
                Node.of("tall", new Op.MaxPool(3, 1, 1, 2, 1, 0), "inv"),
                Node.of("wide", new Op.AvgPool(1, 2, 1, 1, 0, 1), "tall"),
                Node.of("smooth", new Op.LinearResize(9, 5, 1.5f, 1.25f, "half_pixel"), "wide"),
                Node.of("c2", conv(new ConvSpec(4, 6, 3, 1, 1, 1, 1, 0, 1), r), "smooth"),
                Node.of("pool", new Op.GlobalAvgPool(), "c2"),
                Node.of("fc", new Op.Dense(6, 3, rand(r, 18, 0.5f), rand(r, 3, 0.1f), null), "pool")));
    }

    @Test
    void everySimulatorGivesTheJvmOutputs() throws Exception {
        Graph g = graph();
        int n = 3;
        float[] x = rand(new Random(4), n * g.inputShape().size(), 1f);
        Choice direct = Choice.of("direct"), none = Choice.of("none");
        float[] expected;
        try (PreparedModel p = Targets.get("jvm").prepare(g, Choice.of("jvm"), direct, none)) {
            expected = p.infer(x, n);
        }
        for (Choice hw : List.of(new Choice("systolic", Map.of("rows", 8, "cols", 8, "dataflow", "os")),
                new Choice("maeri", Map.of("multipliers", 32, "dn_bw", 8, "rn_bw", 8)),
                new Choice("sigma", Map.of("multipliers", 32, "sparse", false)))) {
            try (PreparedModel p = Targets.get(hw.name()).prepare(g, hw, direct, none)) {
                float[] got = p.infer(x, n);
                assertEquals(expected.length, got.length);
                for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-4f * Math.max(1f, Math.abs(expected[i])), hw.label() + " output " + i);
            }
        }
    }
}
