package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    private static long bnCount(Graph g) {
        return g.nodes().stream().filter(n -> n.op() instanceof Op.BatchNorm).count();
    }

    private static void assertEquivalent(Graph a, Graph b) {
        float[] x = TestGraphs.images(a, 3, 77);
        double diff = TestGraphs.maxAbsDiff(TestGraphs.run(a, x, 3), TestGraphs.run(b, x, 3));
        assertTrue(diff < 1e-4, "folded graph differs by " + diff);
    }

    @Test
    void foldsConvBatchNormPairsEquivalently() {
        for (Graph g : List.of(TestGraphs.cnn(1), TestGraphs.depthwise(2), TestGraphs.residual(3))) {
            Graph f = BatchNormFolding.fold(g);
            assertEquals(0, bnCount(f), g.name());
            assertEquals(bnCount(g), g.nodes().size() - f.nodes().size());
            assertEquivalent(g, f);
        }
    }

    @Test
    void foldedConvKeepsItsNameAndReadersAreRewired() {
        Graph f = BatchNormFolding.fold(TestGraphs.cnn(4));
        assertEquals(List.of("conv1"), f.node("relu1").inputs());
        assertTrue(f.node("conv1").op() instanceof Op.Conv2d c && c.bias() != null);
        Graph r = BatchNormFolding.fold(TestGraphs.residual(5));
        assertEquals(List.of("conv2", "relu0"), r.node("add").inputs());
    }

    @Test
    void foldsABatchNormThatIsTheGraphOutputAndOneAfterABiaslessConvAndADense() {
        Random rnd = new Random(6);
        Op.Conv2d c = TestGraphs.conv(rnd, 2, 3, 3, 1, 0, 1);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(2, 5, 5)));
        n.add(Node.of("conv", new Op.Conv2d(c.spec(), c.weight(), null, null), "in"));
        n.add(Node.of("bn", TestGraphs.bn(rnd, 3), "conv"));
        n.add(Node.of("fc", TestGraphs.dense(rnd, 27, 4), "bn"));
        n.add(Node.of("bnfc", TestGraphs.bn(rnd, 4), "fc"));
        Graph g = new Graph("tail", n);
        Graph f = BatchNormFolding.fold(g);
        assertEquals(0, bnCount(f));
        assertEquals("fc", f.output());
        assertEquivalent(g, f);
    }

    @Test
    void leavesBatchNormsThatCannotBeFolded() {
        Random rnd = new Random(7);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(2, 5, 5)));
        n.add(Node.of("conv", TestGraphs.conv(rnd, 2, 2, 3, 1, 1, 1), "in"));
        n.add(Node.of("bnShared", TestGraphs.bn(rnd, 2), "conv"));     // conv is also read by add
        n.add(Node.of("add", new Op.Add(), "bnShared", "conv"));
        n.add(Node.of("bnAdd", TestGraphs.bn(rnd, 2), "add"));         // after an Add
        n.add(Node.of("relu", new Op.Relu(), "bnAdd"));
        n.add(Node.of("bnRelu", TestGraphs.bn(rnd, 2), "relu"));       // pre-activation style
        Graph g = new Graph("unfoldable", n);
        List<CompressionReport.LayerReport> sink = new ArrayList<>();
        Graph f = BatchNormFolding.fold(g, sink, "bn-fold");
        assertSame(g, f);
        assertEquals(3, sink.stream().filter(e -> e.action().equals("bn-kept")).count());
        assertFalse(sink.stream().anyMatch(e -> e.action().equals("folded")));
    }
}
