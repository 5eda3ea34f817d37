package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.spec.Choice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MagnitudePruningTest {
    private static final List<String> LAYERS = List.of("conv1", "conv2", "fc");

    private static Choice prune(double sparsity, String scope, boolean skipFirst) {
        return new Choice("prune", Map.of("sparsity", sparsity, "scope", scope, "skip_first", skipFirst));
    }

    private static float[] w(Graph g, String node) { return MagnitudePruning.weights(g.node(node).op()); }

    private static int zeros(float[] a) {
        int z = 0;
        for (float v : a) if (v == 0f) z++;
        return z;
    }

    /** Every zeroed weight had a magnitude no larger than every kept one. */
    private static void assertSmallestZeroed(List<float[]> original, List<float[]> pruned) {
        float maxZeroed = 0, minKept = Float.MAX_VALUE;
        for (int l = 0; l < original.size(); l++) {
            for (int i = 0; i < original.get(l).length; i++) {
                float m = Math.abs(original.get(l)[i]);
                if (pruned.get(l)[i] == 0f) maxZeroed = Math.max(maxZeroed, m);
                else {
                    minKept = Math.min(minKept, m);
                    assertEquals(original.get(l)[i], pruned.get(l)[i], "kept weights keep their value");
                }
            }
        }
        assertTrue(maxZeroed <= minKept, "zeroed max " + maxZeroed + " > kept min " + minKept);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.77, 0.99})
    void layerScopeReachesSparsityInEveryLayerWithSmallestZeroed(double sparsity) {
        Graph g = TestGraphs.cnn(1);
        CompressionResult r = Compressions.compress(g, prune(sparsity, "layer", false), null);
        for (String layer : LAYERS) {
            float[] before = w(g, layer), after = w(r.graph(), layer);
            assertTrue(Math.abs(zeros(after) - sparsity * after.length) <= 1.0, layer + ": " + zeros(after) + "/" + after.length);
            assertSmallestZeroed(List.of(before), List.of(after));
            assertEquals(zeros(after) / (double) after.length, r.report().layer(layer, "pruned").figure("sparsity"), 1e-12);
        }
        assertEquals(sparsity, GraphStats.of(r.graph()).sparsity(), 0.01);
    }

    @Test
    void globalScopeUsesOneThresholdAcrossLayers() {
        // scale conv2 down so that a single threshold prunes it much harder than the others
        Graph g = TestGraphs.cnn(2).mapOps(n -> {
            if (!n.name().equals("conv2")) return n.op();
            Op.Conv2d c = (Op.Conv2d) n.op();
            float[] s = c.weight().clone();
            for (int i = 0; i < s.length; i++) s[i] *= 0.05f;
            return c.withWeights(s, c.bias());
        });
        double sparsity = 0.6;
        Graph p = Compressions.apply(g, prune(sparsity, "global", false), null);
        List<float[]> before = new ArrayList<>(), after = new ArrayList<>();
        long total = 0, zero = 0;
        for (String layer : LAYERS) {
            before.add(w(g, layer));
            after.add(w(p, layer));
            total += w(p, layer).length;
            zero += zeros(w(p, layer));
        }
        assertTrue(Math.abs(zero - sparsity * total) <= 1.0, zero + "/" + total);
        assertSmallestZeroed(before, after);
        double s2 = zeros(w(p, "conv2")) / (double) w(p, "conv2").length;
        double sFc = zeros(w(p, "fc")) / (double) w(p, "fc").length;
        assertTrue(s2 > sFc + 0.1, "global threshold: conv2 " + s2 + " vs fc " + sFc);
    }

    @Test
    void skipFirstKeepsTheFirstLayerDense() {
        Graph g = TestGraphs.cnn(3);
        CompressionResult r = Compressions.compress(g, prune(0.8, "layer", true), null);
        assertArrayEquals(w(g, "conv1"), w(r.graph(), "conv1"));
        assertEquals(List.of("conv1"), r.report().nodes("skipped"));
        assertEquals(List.of("conv2", "fc"), r.report().nodes("pruned"));
        assertTrue(zeros(w(r.graph(), "conv2")) > 0);
        // global scope skips it too
        Graph gl = Compressions.apply(g, prune(0.8, "global", true), null);
        assertArrayEquals(w(g, "conv1"), w(gl, "conv1"));
        // and without skip_first it is pruned
        Graph all = Compressions.apply(g, prune(0.8, "layer", false), null);
        assertNotEquals(0, zeros(w(all, "conv1")));
    }

    @Test
    void defaultsAreHalfSparsityLayerScopeSkipFirst() {
        Graph g = TestGraphs.cnn(4);
        CompressionResult r = Compressions.compress(g, Choice.of("prune"), null);
        assertEquals("prune(finetune_images=0,scope=layer,skip_first=true,sparsity=0.5)", r.report().label());
        float[] c2 = w(r.graph(), "conv2");
        assertTrue(Math.abs(zeros(c2) - 0.5 * c2.length) <= 1);
        assertEquals(0, zeros(w(r.graph(), "conv1")));
    }

    @Test
    void lowSparsityKeepsOutputsClose() {
        Graph g = TestGraphs.cnn(5);
        float[] x = TestGraphs.images(g, 4, 50);
        float[] ref = TestGraphs.run(g, x, 4);
        float[] out = TestGraphs.run(Compressions.apply(g, prune(0.1, "layer", true), null), x, 4);
        double err = TestGraphs.relativeError(out, ref);
        assertTrue(err < 0.05, "relative error at 10% sparsity: " + err);
        float[] heavy = TestGraphs.run(Compressions.apply(g, prune(0.9, "layer", true), null), x, 4);
        assertTrue(TestGraphs.relativeError(heavy, ref) > err, "more pruning, more error");
    }

    @Test
    void leavesInputGraphAloneAndKeepsShapesAndMacs() {
        Graph g = TestGraphs.cnn(6);
        float[] before = w(g, "conv2").clone();
        Graph p = Compressions.apply(g, prune(0.5, "global", true), null);
        assertArrayEquals(before, w(g, "conv2"));
        assertEquals(GraphStats.of(g).macs(), GraphStats.of(p).macs());
        assertEquals(GraphStats.of(g).params(), GraphStats.of(p).params());
        assertEquals(g.shapes(), p.shapes());
        // biases and BatchNorm untouched
        assertSame(((Op.Conv2d) g.node("conv2").op()).bias(), ((Op.Conv2d) p.node("conv2").op()).bias());
        assertSame(g.node("bn2").op(), p.node("bn2").op());
    }

    @Test
    void alreadySparseLayersStaySparse() {
        Graph g = Compressions.apply(TestGraphs.cnn(7), prune(0.8, "layer", false), null);
        Graph again = Compressions.apply(g, prune(0.3, "layer", false), null);
        for (String layer : LAYERS) assertArrayEquals(w(g, layer), w(again, layer));
    }

    @Test
    void rejectsBadParametersAndQuantisedLayers() {
        Graph g = TestGraphs.cnn(8);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Compressions.apply(g, new Choice("prune", Map.of("sparsity", 1.5)), null));
        assertEquals(List.of(ErrorKind.OUT_OF_RANGE, "sparsity"), List.of(e.kind(), e.location()));
        e = assertThrows(InvalidInputException.class, () -> Compressions.apply(g, new Choice("prune", Map.of("scope", "net")), null));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "scope"), List.of(e.kind(), e.location()));
        assertTrue(e.getMessage().contains("layer, global"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Compressions.apply(g, new Choice("prune", Map.of("amount", 0.5)), null));
        assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "amount"), List.of(e.kind(), e.location()));
        assertTrue(e.getMessage().contains("sparsity, scope, skip_first"), e.getMessage());
        Graph q = Compressions.apply(g, Choice.of("int8"), TestGraphs.calibration(g, 4, 9));
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> Compressions.apply(q, Choice.of("prune"), null)).kind());
    }

    @Test
    void zeroSmallestBreaksTiesByPosition() {
        float[] a = {1, 1, 1, 1, 2}, b = {1, 3};
        MagnitudePruning.zeroSmallest(List.of(a, b), 3.0 / 7);
        assertArrayEquals(new float[] {0, 0, 0, 1, 2}, a);
        assertArrayEquals(new float[] {1, 3}, b);
    }

    @Test
    void prunesDenseOnlyModels() {
        Graph g = new Graph("mlp", List.of(Node.of("in", new Op.Input(6, 1, 1)),
                Node.of("fc1", TestGraphs.dense(new java.util.Random(1), 6, 8), "in"),
                Node.of("fc2", TestGraphs.dense(new java.util.Random(2), 8, 3), "fc1")));
        Graph p = Compressions.apply(g, prune(0.5, "layer", true), null);
        assertEquals(0, zeros(w(p, "fc1")));
        assertEquals(12, zeros(w(p, "fc2")));
    }
}
