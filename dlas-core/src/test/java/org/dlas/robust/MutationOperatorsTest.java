package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.kernels.Primitives;
import org.dlas.robust.mutation.*;
import org.dlas.runtime.CompiledModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MutationOperatorsTest {
    static Graph lenet;

    @BeforeAll static void load() { lenet = Fixtures.lenet(); }

    private static List<String> changedLayers(Graph a, Graph b) {
        List<String> out = new ArrayList<>();
        for (Node n : a.nodes()) {
            Op x = n.op(), y = b.node(n.name()).op();
            if (x instanceof Op.Conv2d || x instanceof Op.Dense) {
                if (!Arrays.equals(Edits.weight(x), Edits.weight(y)) || !Arrays.equals(Edits.bias(x), Edits.bias(y))) out.add(n.name());
            }
        }
        return out;
    }

    private static float[] run(Graph g, float[] x, int n) {
        return CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of())).forward(x, n);
    }

    @Test void catalogueHasAtLeast20OperatorsIn6Categories() {
        assertTrue(MutationOperators.names().size() >= 20, MutationOperators.names().toString());
        assertTrue(MutationOperators.categories().containsAll(MutationOperators.CATEGORIES), MutationOperators.categories().toString());
        assertEquals(5, MutationOperators.byCategory("arithmetic-types").size());
        assertTrue(MutationOperators.select(List.of("sign-flip"), List.of("input")).size() >= 2);
        var e = assertThrows(InvalidInputException.class, () -> MutationOperators.get("no-such-op"));
        assertEquals(ErrorKind.UNKNOWN_NAME, e.kind());
        assertTrue(e.getMessage().contains("sign-flip"));
    }

    @Test void everyOperatorYieldsAValidDistinctGraphOrSaysWhyNot() {
        float[] before = ((Op.Conv2d) lenet.node("conv1").op()).weight().clone();
        int applicable = 0;
        for (MutationOperator op : MutationOperators.installed().values()) {
            var reason = op.notApplicable(lenet);
            if (reason.isPresent()) {
                assertFalse(reason.get().isBlank());
                assertEquals(ErrorKind.UNSUPPORTED, assertThrows(InvalidInputException.class, () -> op.apply(lenet, 1)).kind());
                continue;
            }
            applicable++;
            Graph m = op.apply(lenet, 1);
            assertEquals("lenet~" + op.name(), m.name());
            assertEquals(lenet.outputShape(), m.outputShape(), op.name());
            boolean differs = m.nodes().size() != lenet.nodes().size() || !changedLayers(lenet, m).isEmpty()
                    || m.nodes().stream().anyMatch(n -> !n.op().getClass().equals(lenet.node(n.name()).op().getClass()) || !n.op().equals(lenet.node(n.name()).op()));
            assertTrue(differs, op.name() + " changed nothing");
            assertArrayEquals(before, ((Op.Conv2d) lenet.node("conv1").op()).weight(), op.name() + " modified its input");
        }
        assertTrue(applicable >= 20, "applicable on lenet: " + applicable);
    }

    @Test void everyOperatorOnEveryZooArchitectureIsValidOrNotApplicable() {
        for (String model : org.dlas.models.ModelZoo.names()) {
            Graph g = org.dlas.models.ModelZoo.architecture(model, 1);
            int applicable = 0;
            for (MutationOperator op : MutationOperators.installed().values()) {
                if (op.notApplicable(g).isPresent()) continue;
                applicable++;
                for (long seed = 0; seed < 3; seed++) {
                    Graph m = op.apply(g, seed);
                    assertEquals(g.outputShape(), m.outputShape(), model + " " + op.name());
                }
            }
            assertTrue(applicable >= 18, model + ": " + applicable);
        }
    }

    @Test void notApplicableOnLenetWithReasons() {
        assertTrue(new Relu6ToRelu().notApplicable(lenet).orElseThrow().contains("relu6"));
        assertTrue(new RemoveLayer().notApplicable(lenet).isPresent());
        assertTrue(new StrideChange().notApplicable(lenet).isPresent(), "no stride change keeps lenet's flatten size");
    }

    @Test void weightScaleMultipliesExactlyOneLayerBy1_1() {
        Graph m = new WeightScale().apply(lenet, 3);
        List<String> changed = changedLayers(lenet, m);
        assertEquals(1, changed.size(), changed.toString());
        Op a = lenet.node(changed.get(0)).op(), b = m.node(changed.get(0)).op();
        float[] wa = Edits.weight(a), wb = Edits.weight(b);
        for (int i = 0; i < wa.length; i++) assertEquals(wa[i] * 1.1f, wb[i], 0f);
        assertArrayEquals(Edits.bias(a), Edits.bias(b));
        // different seeds reach different layers
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (long s = 0; s < 20; s++) seen.addAll(changedLayers(lenet, new WeightScale().apply(lenet, s)));
        assertEquals(4, seen.size());
    }

    @Test void signFlipNegatesOneLayer() {
        Graph m = new SignFlip().apply(lenet, 5);
        List<String> changed = changedLayers(lenet, m);
        assertEquals(1, changed.size());
        float[] wa = Edits.weight(lenet.node(changed.get(0)).op()), wb = Edits.weight(m.node(changed.get(0)).op());
        for (int i = 0; i < wa.length; i++) assertEquals(-wa[i], wb[i], 0f);
    }

    @Test void biasZeroFilterZeroAndChannelSwap() {
        Graph bz = new BiasZero().apply(lenet, 2);
        String l = changedLayers(lenet, bz).get(0);
        assertArrayEquals(new float[Edits.bias(lenet.node(l).op()).length], Edits.bias(bz.node(l).op()));
        assertArrayEquals(Edits.weight(lenet.node(l).op()), Edits.weight(bz.node(l).op()));

        Graph fz = new FilterZero().apply(lenet, 2);
        l = changedLayers(lenet, fz).get(0);
        float[] w0 = Edits.weight(lenet.node(l).op()), w1 = Edits.weight(fz.node(l).op());
        int k = Edits.outChannels(lenet.node(l).op()), per = w0.length / k, zeroed = 0;
        for (int f = 0; f < k; f++) {
            boolean same = Arrays.equals(Arrays.copyOfRange(w0, f * per, (f + 1) * per), Arrays.copyOfRange(w1, f * per, (f + 1) * per));
            if (!same) { zeroed++; for (int i = f * per; i < (f + 1) * per; i++) assertEquals(0f, w1[i]); }
        }
        assertEquals(1, zeroed);

        Graph cs = new ChannelSwap().apply(lenet, 4);
        List<String> changed = changedLayers(lenet, cs);
        assertEquals(1, changed.size(), "the consumer is not touched");
        float[] a = Edits.weight(lenet.node(changed.get(0)).op()), b = Edits.weight(cs.node(changed.get(0)).op());
        float[] sa = a.clone(), sb = b.clone();
        Arrays.sort(sa); Arrays.sort(sb);
        assertArrayEquals(sa, sb, "a permutation of the same weights");
    }

    @Test void activationReplacementsChangeExactlyOneNode() {
        Graph m = new ReluToRelu6().apply(lenet, 0);
        long relu6 = m.nodes().stream().filter(n -> n.op() instanceof Op.Relu6).count();
        long relu = m.nodes().stream().filter(n -> n.op() instanceof Op.Relu).count();
        assertEquals(1, relu6);
        assertEquals(2, relu);
        Graph r = new ReluToIdentity().apply(lenet, 0);
        assertEquals(lenet.nodes().size() - 1, r.nodes().size());
    }

    @Test void duplicateActivationIsEquivalentAndMinPoolTakesMinimum() {
        var test = Fixtures.test(20);
        float[] y0 = run(lenet, test.images(), 20);
        Graph dup = new DuplicateActivation().apply(lenet, 0);
        assertEquals(lenet.nodes().size() + 1, dup.nodes().size());
        assertArrayEquals(y0, run(dup, test.images(), 20), 0f);

        // min-pool on a tiny graph: input -> maxpool(2,2)
        Graph tiny = new Graph("tiny", List.of(Node.of("in", new Op.Input(1, 2, 2)), Node.of("pool", new Op.MaxPool(2, 2, 0), "in"), Node.of("flat", new Op.Flatten(), "pool")));
        Graph min = new MaxPoolToMinPool().apply(tiny, 0);
        assertArrayEquals(new float[] {-3f}, run(min, new float[] {4f, -3f, 2f, 7f}, 1), 0f);
        assertArrayEquals(new float[] {7f}, run(tiny, new float[] {4f, -3f, 2f, 7f}, 1), 0f);
    }

    @Test void numberFormatsRoundAsNamed() {
        assertEquals(0.0999755859375f, NumberFormatOperator.toHalf(0.1f), 0f);
        assertEquals(65504f, NumberFormatOperator.toHalf(65504f), 0f);
        assertEquals(0.10009765625f, NumberFormatOperator.roundMantissa(0.1f, 7), 0f);
        assertArrayEquals(new float[] {1f, 0f, -1f}, NumberFormatOperator.fakeQuant(new float[] {1f, 0.0039f, -1f}, 127, false), 0f);
        float[] t = NumberFormatOperator.fakeQuant(new float[] {1f, 0.0118f, -0.0118f}, 127, true); // 1.4986 steps -> 1 when truncated
        assertEquals(1f / 127, t[1], 1e-7f);
        assertEquals(-1f / 127, t[2], 1e-7f);
        Graph m = new WeightsInt8().apply(lenet, 0);
        assertEquals(4, changedLayers(lenet, m).size(), "all layers change type");
        for (String l : List.of("conv1", "fc2")) {
            float[] w = Edits.weight(m.node(l).op());
            float max = 0; for (float v : w) max = Math.max(max, Math.abs(v));
            java.util.Set<Float> distinct = new java.util.HashSet<>();
            for (float v : w) distinct.add(v);
            assertTrue(distinct.size() <= 255);
        }
    }

    @Test void inputOperatorsInsertOneAffineAfterTheInput() {
        Graph m = new InputScale255().apply(lenet, 0);
        Node second = m.nodes().get(1);
        assertTrue(second.op() instanceof Op.BatchNorm);
        assertEquals(List.of(lenet.nodes().get(0).name()), second.inputs());
        assertEquals(List.of(second.name()), m.node("conv1").inputs());
        Graph t = new InputTranspose().apply(lenet, 0);
        assertEquals(List.of("conv1"), changedLayers(lenet, t));
        Graph p = new PaddingChange().apply(lenet, 0);
        assertEquals(3, ((Op.Conv2d) p.node("conv1").op()).spec().padH());
    }
}
