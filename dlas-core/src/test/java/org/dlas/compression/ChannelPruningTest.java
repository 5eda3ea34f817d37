package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.spec.Choice;
import org.junit.jupiter.api.Test;

class ChannelPruningTest {

    private static Choice cp(double ratio) { return new Choice("channel-prune", Map.of("ratio", ratio)); }

    private static Choice cp(double ratio, String residual) {
        return new Choice("channel-prune", Map.of("ratio", ratio, "residual", residual));
    }

    /** Original filter indices of {@code pruned}'s filters, found by matching weights with {@code original}'s. */
    private static int[] keptFilters(Op.Conv2d original, Op.Conv2d pruned, int[] keptInputs) {
        int k = original.spec().outChannels(), c = original.spec().inPerGroup(), rs = original.spec().kernelH() * original.spec().kernelW();
        int[] out = new int[pruned.spec().outChannels()];
        for (int a = 0; a < out.length; a++) {
            out[a] = -1;
            for (int f = 0; f < k && out[a] < 0; f++) {
                boolean same = true;
                for (int b = 0; b < keptInputs.length && same; b++) {
                    for (int t = 0; t < rs && same; t++) {
                        same = original.weight()[(f * c + keptInputs[b]) * rs + t] == pruned.weight()[(a * keptInputs.length + b) * rs + t];
                    }
                }
                if (same) out[a] = f;
            }
            assertTrue(out[a] >= 0, "pruned filter " + a + " is not an original filter");
        }
        return out;
    }

    private static void assertLargestL1Kept(Op.Conv2d original, int[] kept) {
        double[] l1 = ChannelPruning.l1Norms(original);
        double minKept = Arrays.stream(kept).mapToDouble(i -> l1[i]).min().orElseThrow();
        for (int f = 0; f < l1.length; f++) {
            final int ff = f;
            if (IntStream.of(kept).noneMatch(i -> i == ff)) assertTrue(l1[f] <= minKept, "removed filter " + f + " has a larger L1 than a kept one");
        }
    }

    private static int[] all(int n) { return IntStream.range(0, n).toArray(); }

    @Test
    void shrinksTheCnnAndKeepsTheLargestFilters() {
        Graph g = TestGraphs.cnn(1);
        CompressionResult r = Compressions.compress(g, cp(0.5), null);
        Graph p = r.graph();
        Op.Conv2d c1 = TestGraphs.convOf(p, "conv1"), c2 = TestGraphs.convOf(p, "conv2");
        assertEquals(4, c1.spec().outChannels());
        assertEquals(8, c2.spec().outChannels());
        assertEquals(4, c2.spec().inChannels());
        assertEquals(4, ((Op.BatchNorm) p.node("bn1").op()).gamma().length);
        assertEquals(8, ((Op.BatchNorm) p.node("bn2").op()).gamma().length);
        assertEquals(8 * 36, TestGraphs.denseOf(p, "fc").in());
        assertEquals(g.outputShape(), p.outputShape());

        int[] kept1 = keptFilters(TestGraphs.convOf(g, "conv1"), c1, all(3));
        assertLargestL1Kept(TestGraphs.convOf(g, "conv1"), kept1);
        int[] kept2 = keptFilters(TestGraphs.convOf(g, "conv2"), c2, kept1);
        assertLargestL1Kept(TestGraphs.convOf(g, "conv2"), kept2);
        // BatchNorm channels follow the kept filters
        Op.BatchNorm bnBefore = (Op.BatchNorm) g.node("bn2").op(), bnAfter = (Op.BatchNorm) p.node("bn2").op();
        for (int a = 0; a < kept2.length; a++) assertEquals(bnBefore.gamma()[kept2[a]], bnAfter.gamma()[a]);
        // the dense layer keeps exactly the columns of the kept channels
        Op.Dense fcBefore = TestGraphs.denseOf(g, "fc"), fcAfter = TestGraphs.denseOf(p, "fc");
        for (int o = 0; o < 10; o++) {
            for (int a = 0; a < kept2.length; a++) {
                for (int t = 0; t < 36; t++) {
                    assertEquals(fcBefore.weight()[o * fcBefore.in() + kept2[a] * 36 + t], fcAfter.weight()[o * fcAfter.in() + a * 36 + t]);
                }
            }
        }

        GraphStats before = GraphStats.of(g), after = GraphStats.of(p);
        assertTrue(after.macs() < 0.5 * before.macs(), after.macs() + " vs " + before.macs());
        assertTrue(after.params() < 0.6 * before.params());
        assertEquals(10, TestGraphs.run(p, TestGraphs.images(p, 2, 3), 2).length / 2);

        assertEquals(List.of("conv1", "conv2"), r.report().nodes("filters-removed"));
        assertEquals(4.0, r.report().layer("conv1", "filters-removed").figure("filters_after"));
        assertEquals(List.of("conv2", "fc"), r.report().nodes("inputs-removed"));
    }

    @Test
    void defaultRatioIsAQuarterRounded() {
        Graph p = Compressions.apply(TestGraphs.cnn(2), Choice.of("channel-prune"), null);
        assertEquals(6, TestGraphs.convOf(p, "conv1").spec().outChannels());
        assertEquals(12, TestGraphs.convOf(p, "conv2").spec().outChannels());
        Graph most = Compressions.apply(TestGraphs.cnn(2), cp(0.9), null);
        assertEquals(1, TestGraphs.convOf(most, "conv1").spec().outChannels());   // round(7.2) = 7 removed of 8
        assertEquals(2, TestGraphs.convOf(most, "conv2").spec().outChannels());   // round(14.4) = 14 removed of 16
    }

    /** conv1 filters 2 and 5, conv2 filters 1, 6, 9 and 14: weights and bias zero. */
    private static Graph withZeroFilters(long seed) {
        return TestGraphs.cnnNoBn(seed).mapOps(n -> {
            if (!(n.op() instanceof Op.Conv2d c)) return n.op();
            int[] dead = n.name().equals("conv1") ? new int[] {2, 5} : new int[] {1, 6, 9, 14};
            float[] w = c.weight().clone(), b = c.bias().clone();
            int per = w.length / c.spec().outChannels();
            for (int f : dead) {
                Arrays.fill(w, f * per, (f + 1) * per, 0f);
                b[f] = 0f;
            }
            return c.withWeights(w, b);
        });
    }

    @Test
    void removingAllZeroFiltersLeavesOutputsExactlyUnchanged() {
        Graph g = withZeroFilters(3);
        float[] x = TestGraphs.images(g, 3, 4);
        float[] ref = TestGraphs.run(g, x, 3);
        for (CalibrationData cal : Arrays.asList(null, TestGraphs.calibration(g, 4, 5))) {
            CompressionResult r = Compressions.compress(g, cp(0.25), cal);
            Graph p = r.graph();
            assertEquals(6, TestGraphs.convOf(p, "conv1").spec().outChannels());
            assertEquals(12, TestGraphs.convOf(p, "conv2").spec().outChannels());
            assertEquals(12 * 36, TestGraphs.denseOf(p, "fc").in());
            assertArrayEquals(ref, TestGraphs.run(p, x, 3), "pruning zero filters must not change the output");
            assertTrue(r.report().layer("conv1", "filters-removed").detail().contains("[2, 5]"));
            assertTrue(r.report().layer("conv2", "filters-removed").detail().contains("[1, 6, 9, 14]"));
        }
    }

    @Test
    void residualSkipKeepsTheConvsFeedingTheAdd() {
        Graph g = TestGraphs.residual(6);
        CompressionResult r = Compressions.compress(g, cp(0.5), null);
        Graph p = r.graph();
        assertEquals(8, TestGraphs.convOf(p, "conv0").spec().outChannels());
        assertEquals(4, TestGraphs.convOf(p, "conv1").spec().outChannels());
        assertEquals(4, TestGraphs.convOf(p, "conv2").spec().inChannels());
        assertEquals(8, TestGraphs.convOf(p, "conv2").spec().outChannels());
        assertEquals(List.of("conv1"), r.report().nodes("filters-removed"));
        assertEquals(List.of("conv0", "conv2"), r.report().nodes("skipped"));
        assertTrue(r.report().layer("conv2", "skipped").detail().contains("Add 'add'"), r.report().details());
        assertTrue(GraphStats.of(p).macs() < GraphStats.of(g).macs());
        TestGraphs.run(p, TestGraphs.images(p, 2, 7), 2);
    }

    @Test
    void residualGroupPrunesTheAddMembersWithACommonMask() {
        Graph g = TestGraphs.residual(8);
        CompressionResult r = Compressions.compress(g, cp(0.5, "group"), null);
        Graph p = r.graph();
        for (String conv : List.of("conv0", "conv1", "conv2")) assertEquals(4, TestGraphs.convOf(p, conv).spec().outChannels(), conv);
        assertEquals(4, ((Op.BatchNorm) p.node("bn2").op()).gamma().length);
        assertEquals(4, TestGraphs.denseOf(p, "fc").in());
        assertEquals(4, TestGraphs.convOf(p, "conv1").spec().inChannels());
        int[] k0 = keptFilters(TestGraphs.convOf(g, "conv0"), TestGraphs.convOf(p, "conv0"), all(4));
        int[] k1 = keptFilters(TestGraphs.convOf(g, "conv1"), TestGraphs.convOf(p, "conv1"), k0);
        int[] k2 = keptFilters(TestGraphs.convOf(g, "conv2"), TestGraphs.convOf(p, "conv2"), k1);
        assertArrayEquals(k0, k2, "Add members share one mask");
        assertTrue(r.report().layer("conv0", "filters-removed").detail().contains("common mask with conv2"));
        TestGraphs.run(p, TestGraphs.images(p, 2, 9), 2);
    }

    @Test
    void residualTiedToTheGraphInputIsKept() {
        Random rnd = new Random(10);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(4, 6, 6)));
        n.add(Node.of("conv", TestGraphs.conv(rnd, 4, 4, 3, 1, 1, 1), "in"));
        n.add(Node.of("add", new Op.Add(), "conv", "in"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "add"));
        n.add(Node.of("fc", TestGraphs.dense(rnd, 4, 2), "gap"));
        Graph g = new Graph("identity", n);
        CompressionResult r = Compressions.compress(g, cp(0.5, "group"), null);
        assertEquals(GraphStats.of(g), GraphStats.of(r.graph()));
        assertTrue(r.report().layer("conv", "skipped").detail().contains("Input 'in'"), r.report().details());
    }

    @Test
    void concatMembersArePrunedAndTheConsumerLosesTheRightChannels() {
        Graph g = TestGraphs.concat(11);
        CompressionResult r = Compressions.compress(g, cp(0.5), null);
        Graph p = r.graph();
        assertEquals(3, TestGraphs.convOf(p, "convA").spec().outChannels());
        assertEquals(2, TestGraphs.convOf(p, "convB").spec().outChannels());
        assertEquals(5, p.shape("cat").channels());
        Op.Conv2d cBefore = TestGraphs.convOf(g, "convC"), cAfter = TestGraphs.convOf(p, "convC");
        assertEquals(5, cAfter.spec().inChannels());
        assertEquals(4, cAfter.spec().outChannels());
        int[] ka = keptFilters(TestGraphs.convOf(g, "convA"), TestGraphs.convOf(p, "convA"), all(3));
        int[] kb = keptFilters(TestGraphs.convOf(g, "convB"), TestGraphs.convOf(p, "convB"), all(3));
        int[] catKept = IntStream.concat(IntStream.of(ka), IntStream.of(kb).map(i -> i + 6)).toArray();
        int[] kc = keptFilters(cBefore, cAfter, catKept);   // the remaining weights are convC's at those positions
        assertLargestL1Kept(cBefore, kc);
        assertEquals(4, TestGraphs.denseOf(p, "fc").in());
        TestGraphs.run(p, TestGraphs.images(p, 2, 12), 2);
        assertTrue(GraphStats.of(p).macs() < GraphStats.of(g).macs());
    }

    @Test
    void concatAtTheGraphOutputKeepsItsMembers() {
        Random rnd = new Random(13);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(3, 5, 5)));
        n.add(Node.of("a", TestGraphs.conv(rnd, 3, 4, 3, 1, 1, 1), "in"));
        n.add(Node.of("b", TestGraphs.conv(rnd, 3, 4, 3, 1, 1, 1), "in"));
        n.add(Node.of("cat", new Op.Concat(), "a", "b"));
        n.add(Node.of("relu", new Op.Relu(), "cat"));
        Graph g = new Graph("cat-out", n);
        CompressionResult r = Compressions.compress(g, cp(0.5), null);
        assertEquals(List.of("a", "b"), r.report().nodes("skipped"));
        assertEquals(g.shapes(), r.graph().shapes());
        assertTrue(r.report().layer("a", "skipped").detail().contains("Concat 'cat'"), r.report().details());
    }

    @Test
    void depthwiseFollowsThePrunedPointwiseConv() {
        Graph g = TestGraphs.depthwise(14);
        CompressionResult r = Compressions.compress(g, cp(0.5), TestGraphs.calibration(g, 4, 15));
        Graph p = r.graph();
        Op.Conv2d pw1 = TestGraphs.convOf(p, "pw1"), dw = TestGraphs.convOf(p, "dw"), pw2 = TestGraphs.convOf(p, "pw2");
        assertEquals(4, pw1.spec().outChannels());
        assertEquals(4, dw.spec().groups());
        assertTrue(dw.spec().depthwise());
        assertEquals(4, ((Op.BatchNorm) p.node("bn2").op()).gamma().length);
        assertEquals(4, pw2.spec().inChannels());
        assertEquals(6, pw2.spec().outChannels());
        assertEquals(6, TestGraphs.denseOf(p, "fc").in());
        // the depthwise filters kept are those of the kept pointwise filters
        int[] k1 = keptFilters(TestGraphs.convOf(g, "pw1"), pw1, all(3));
        Op.Conv2d dwBefore = TestGraphs.convOf(g, "dw");
        for (int a = 0; a < k1.length; a++) {
            assertArrayEquals(Arrays.copyOfRange(dwBefore.weight(), k1[a] * 9, k1[a] * 9 + 9), Arrays.copyOfRange(dw.weight(), a * 9, a * 9 + 9));
        }
        assertEquals(List.of("dw", "bn1", "bn2").stream().sorted().toList(), r.report().nodes("channels-removed").stream().sorted().toList());
        assertTrue(GraphStats.of(p).macs() < 0.6 * GraphStats.of(g).macs());
        TestGraphs.run(p, TestGraphs.images(p, 2, 16), 2);
    }

    @Test
    void biasCorrectionReducesTheErrorOfADenseConsumer() {
        Random rnd = new Random(17);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("in", new Op.Input(3, 6, 6)));
        n.add(Node.of("conv", TestGraphs.conv(rnd, 3, 12, 3, 1, 1, 1), "in"));
        n.add(Node.of("relu", new Op.Relu(), "conv"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "relu"));
        n.add(Node.of("fc", TestGraphs.dense(rnd, 12, 4), "gap"));
        Graph g = new Graph("bc", n);
        CalibrationData cal = TestGraphs.calibration(g, 16, 18);
        float[] ref = TestGraphs.run(g, cal.images(), cal.count());
        Graph plain = Compressions.apply(g, new Choice("channel-prune", Map.of("ratio", 0.5, "bias_correction", false)), cal);
        CompressionResult corr = Compressions.compress(g, cp(0.5), cal);
        double ePlain = TestGraphs.relativeError(TestGraphs.run(plain, cal.images(), cal.count()), ref);
        double eCorr = TestGraphs.relativeError(TestGraphs.run(corr.graph(), cal.images(), cal.count()), ref);
        assertTrue(eCorr < ePlain, "bias correction " + eCorr + " vs none " + ePlain);
        assertEquals(1.0, corr.report().layer("fc", "inputs-removed").figure("bias_corrected"));
        // without calibration images there is nothing to correct with
        CompressionResult none = Compressions.compress(g, cp(0.5), null);
        assertArrayEquals(TestGraphs.denseOf(plain, "fc").bias(), TestGraphs.denseOf(none.graph(), "fc").bias());
        assertTrue(none.report().notes().stream().anyMatch(s -> s.contains("no bias correction")));
    }

    @Test
    void convAtTheGraphOutputAndZeroRatioChangeNothing() {
        Random rnd = new Random(19);
        Graph g = new Graph("conv-out", List.of(Node.of("in", new Op.Input(2, 4, 4)),
                Node.of("c1", TestGraphs.conv(rnd, 2, 4, 3, 1, 1, 1), "in"),
                Node.of("c2", TestGraphs.conv(rnd, 4, 4, 3, 1, 1, 1), "c1")));
        CompressionResult r = Compressions.compress(g, cp(0.5), null);
        assertEquals(2, TestGraphs.convOf(r.graph(), "c1").spec().outChannels());
        assertEquals(4, TestGraphs.convOf(r.graph(), "c2").spec().outChannels());
        assertTrue(r.report().layer("c2", "skipped").detail().contains("graph output"));
        CompressionResult zero = Compressions.compress(TestGraphs.cnn(20), cp(0), null);
        assertEquals(GraphStats.of(TestGraphs.cnn(20)), GraphStats.of(zero.graph()));
        assertEquals(List.of("conv1", "conv2"), zero.report().nodes("skipped"));
    }

    @Test
    void channelPruneThenInt8Runs() {
        Graph g = TestGraphs.cnn(21);
        CalibrationData cal = TestGraphs.calibration(g, 8, 22);
        CompressionResult r = Compressions.compressAll(g, List.of(cp(0.25), Choice.of("int8")), cal);
        assertNotNull(((Op.Conv2d) r.graph().node("conv2").op()).quant());
        float[] x = TestGraphs.images(g, 2, 23);
        float[] fp = TestGraphs.run(Compressions.apply(g, cp(0.25), cal), x, 2);
        assertTrue(TestGraphs.relativeError(TestGraphs.run(r.graph(), x, 2), fp) < 0.05);
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> Compressions.apply(r.graph(), cp(0.25), cal)).kind());
    }

    @Test
    void leavesTheInputGraphAlone() {
        Graph g = TestGraphs.cnn(24);
        Op before = g.node("conv2").op();
        Compressions.apply(g, cp(0.5), TestGraphs.calibration(g, 2, 25));
        assertSame(before, g.node("conv2").op());
        assertEquals(16, TestGraphs.convOf(g, "conv2").spec().outChannels());
    }
}
