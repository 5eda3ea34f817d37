package org.dlas.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.DepthwisePrimitive;
import org.dlas.kernels.Primitives;
import org.dlas.kernels.TaggedDirectPrimitive;
import org.dlas.models.GraphBuilder;
import org.junit.jupiter.api.Test;

/**
 * The runtime's plan for depthwise layers and its overwriting of element-wise inputs: the values
 * are those of a run that allocates every output (bit for bit), and the caller's images stay as given.
 */
class CompiledModelTest {

    /** An inverted-residual block like the zoo's mobilenetv2, then a Flatten sharing an array that an Add could overwrite. */
    private static Graph block() {
        GraphBuilder b = new GraphBuilder(11);
        String x = b.input(3, 9, 9);
        String stem = b.relu6("stem.relu6", b.bn("stem.bn", b.conv("stem.conv", x, 8, 3, 1, 1, true)));
        String e = b.relu6("expand.relu6", b.bn("expand.bn", b.conv("expand.conv", stem, 16, 1, 1, 0, true)));
        String d = b.relu6("dw.relu6", b.bn("dw.bn", b.conv("dw.conv", e, 16, 3, 1, 1, 16, false)));
        String p = b.bn("project.bn", b.conv("project.conv", d, 8, 1, 1, 0, true));
        String sum = b.relu("out.relu", b.add("add", stem, p));
        String flat = b.flatten("flatten", sum); // the same array as sum, read below: add2 must not overwrite sum
        String again = b.add("add2", sum, stem);
        b.dense("fc", b.add("mix", flat, b.flatten("flatten2", again)), 5);
        return b.build("block");
    }

    private static float[] images(Graph g, int n) {
        Random rnd = new Random(5);
        float[] x = new float[n * g.inputShape().size()];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 2f - 1f;
        return x;
    }

    private static ConvPrimitive primitive(String name) { return Primitives.create(name, Map.of()); }

    @Test void overwritingGivesTheBitsOfAnAllocatingRunAndLeavesTheImagesAlone() {
        Graph g = block();
        float[] x = images(g, 2), copy = x.clone();
        for (String name : Primitives.names()) {
            CompiledModel m = CompiledModel.compile(g, primitive(name), primitive("direct"));
            float[] allocating = m.forward(x, 2, (node, out, n) -> { }); // an observer turns overwriting off
            float[] overwriting = m.forward(x, 2);
            assertArrayEquals(allocating, overwriting, name);
            assertArrayEquals(overwriting, m.forward(x, 2), name + " again");
            assertArrayEquals(copy, x, name + " left the images as given");
        }
    }

    @Test void depthwiseLayersRunTheDepthwiseKernelAndThePlanSaysWhy() {
        Graph g = block();
        for (String name : Primitives.names()) {
            CompiledModel m = CompiledModel.compile(g, primitive(name), primitive("direct"));
            for (LayerPlan p : m.plan()) {
                if (p.node().equals("dw.conv")) {
                    assertEquals(DepthwisePrimitive.NAME, p.used(), name);
                    assertTrue(p.fallbackReason().endsWith(DepthwisePrimitive.REASON), p.fallbackReason());
                } else if (!p.used().equals(name)) {
                    assertEquals("direct", p.used(), name + " falls back to direct elsewhere: " + p);
                } else {
                    assertNull(p.fallbackReason(), p.toString());
                }
            }
        }
        CompiledModel plugin = CompiledModel.compile(g, new TaggedDirectPrimitive(), primitive("direct"));
        assertTrue(plugin.plan().stream().allMatch(p -> p.used().equals("test-tagged-direct") && !p.fellBack()),
                "a plug-in primitive keeps its depthwise layers: " + plugin.plan());
    }

    @Test void theDirectModelIsUnchangedByTheDepthwiseKernel() {
        // direct with its depthwise layer on the depthwise kernel equals direct everywhere, bit for bit
        Graph g = block();
        float[] x = images(g, 1);
        float[] viaPlan = CompiledModel.compile(g, primitive("direct"), primitive("direct")).forward(x, 1);
        float[] allDirect = CompiledModel.compile(g, new TaggedDirectPrimitive(), primitive("direct")).forward(x, 1);
        assertArrayEquals(allDirect, viaPlan);
    }

    /** conv -> BN -> ReLU as the output, conv -> ReLU, conv -> BN read twice (not fusable), on 1x1, 3x3 and depthwise layers, and a max pool. */
    private static Graph chains() {
        GraphBuilder b = new GraphBuilder(23);
        String x = b.input(4, 8, 8);
        String a = b.relu("a.relu", b.conv("a.conv", x, 12, 3, 1, 1, true));            // conv -> relu
        a = b.maxPool("a.pool", a, 2, 2, 0);                                             // a kept array too: 12x4x4
        String p = b.bn("p.bn", b.conv("p.conv", a, 16, 1, 1, 0, false));              // conv -> bn, bn read twice
        String d = b.relu6("d.relu6", b.bn("d.bn", b.conv("d.conv", p, 16, 3, 2, 1, 16, false)));
        String s = b.add("s", p, p);
        String s2 = b.conv("s2.conv", s, 16, 1, 2, 0, true);
        String sum = b.add("sum", d, s2);
        b.relu("out.relu", b.bn("out.bn", b.conv("out.conv", sum, 8, 1, 1, 0, true)));
        return b.build("chains");
    }

    @Test void fusedChainsAndKeptArraysGiveTheBitsOfAnAllocatingRunAndNeverReachTheCaller() {
        Graph g = chains();
        float[] x1 = images(g, 1), x2 = x1.clone();
        for (int i = 0; i < x2.length; i++) x2[i] = -x2[i] * 0.5f;
        for (String name : Primitives.names()) {
            CompiledModel m = CompiledModel.compile(g, primitive(name), primitive("direct"));
            float[] allocating1 = m.forward(x1, 1, (node, out, n) -> { }), allocating2 = m.forward(x2, 1, (node, out, n) -> { });
            float[] first = m.forward(x1, 1);
            assertArrayEquals(allocating1, first, name);
            float[] kept = first.clone();
            float[] second = m.forward(x2, 1);
            assertArrayEquals(allocating2, second, name + " second run");
            assertArrayEquals(kept, first, name + ": the next run wrote over the array the caller was given");
            assertArrayEquals(allocating1, m.forward(x1, 1), name + " third run");
        }
    }

    /** HardSwish as x * relu6(x) and a squeeze-and-excitation block (global pool, 1x1 conv, ReLU, HardSigmoid, per-channel Mul), as imported MobileNetV3s run. */
    private static Graph hardSwishAndExcitation() {
        GraphBuilder b = new GraphBuilder(31);
        String x = b.input(3, 6, 10);
        String c = b.conv("c", x, 16, 3, 1, 1, true);
        String r6 = b.relu6("r6", c);
        String fc = b.relu("fc.relu", b.conv("fc", b.globalAvgPool("gap", c), 16, 1, 1, 0, true));
        List<Node> nodes = new ArrayList<>(b.build("se").nodes());
        nodes.add(Node.of("hs", new Op.Mul(), c, r6));                        // same shapes: into r6's array
        nodes.add(Node.of("hsig", new Op.HardSigmoid(0.2f, 0.5f), fc));
        nodes.add(Node.of("se", new Op.Mul(), "hs", "hsig"));                // per channel, hs read twice: a kept array
        nodes.add(Node.of("out", new Op.Add(), "se", "hs"));
        return new Graph("se", nodes);
    }

    @Test void inPlaceMulGivesTheBitsOfAnAllocatingRun() {
        Graph g = hardSwishAndExcitation();
        float[] x1 = images(g, 1), x2 = x1.clone();
        for (int i = 0; i < x2.length; i++) x2[i] = -x2[i] * 0.5f;
        CompiledModel m = CompiledModel.compile(g, primitive("spatial-pack"), primitive("direct"));
        float[] allocating1 = m.forward(x1, 1, (node, out, n) -> { }), allocating2 = m.forward(x2, 1, (node, out, n) -> { });
        assertArrayEquals(allocating1, m.forward(x1, 1));
        assertArrayEquals(allocating2, m.forward(x2, 1), "second run");
        assertArrayEquals(allocating1, m.forward(x1, 1), "third run");
    }
}
