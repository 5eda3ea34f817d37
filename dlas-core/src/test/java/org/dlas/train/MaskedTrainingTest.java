package org.dlas.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.models.ModelZoo;

/** {@link TrainRecipe#freezeZeros()} (the pruning mask) and the constant learning-rate schedule. */
class MaskedTrainingTest {

    /** {@code g} with a seeded random {@code share} of every conv/dense weight set to zero, plus one whole filter/row. */
    static Graph sparsify(Graph g, double share, long seed) {
        Random rnd = new Random(seed);
        return g.mapOps(n -> {
            if (n.op() instanceof Op.Conv2d c) {
                float[] w = zeroSome(c.weight(), share, rnd, c.weight().length / c.spec().outChannels());
                return c.withWeights(w, c.bias());
            }
            if (n.op() instanceof Op.Dense d) return d.withWeights(zeroSome(d.weight(), share, rnd, d.in()), d.bias());
            return n.op();
        });
    }

    private static float[] zeroSome(float[] w, double share, Random rnd, int row) {
        float[] out = w.clone();
        for (int i = 0; i < out.length; i++) if (rnd.nextDouble() < share) out[i] = 0f;
        java.util.Arrays.fill(out, 0, row, 0f); // the first filter (row) entirely
        return out;
    }

    private static float[] weights(Op op) {
        return op instanceof Op.Conv2d c ? c.weight() : ((Op.Dense) op).weight();
    }

    private static boolean hasWeights(Node n) { return n.op() instanceof Op.Conv2d || n.op() instanceof Op.Dense; }

    @Test
    void frozenZerosStayExactlyZeroAndEverythingElseTrains() {
        Dataset train = Datasets.load("fashion-mnist").train();
        for (String name : List.of("lenet", "mobilenetv2")) {   // mobilenetv2: depthwise and 1x1 convs, BatchNorm, residual adds
            Graph init = sparsify(ModelZoo.architecture(name, 5), 0.7, 11);
            GraphStats before = GraphStats.of(init);
            assertTrue(before.sparsity() > 0.65, name + " sparsity " + before.sparsity());
            TrainRecipe r = TrainRecipe.fineTuning(128, 32, 0.05f, 0.9f, 3, true);
            Graph tuned = Trainer.train(init, train, r).model();

            assertEquals(before.zeroWeights(), GraphStats.of(tuned).zeroWeights(), name + ": same number of zeros");
            assertEquals(before.sparsity(), GraphStats.of(tuned).sparsity(), 0.0, name + ": same sparsity");
            long changed = 0, kept = 0;
            for (Node n : init.nodes()) {
                if (!hasWeights(n)) continue;
                float[] a = weights(n.op()), b = weights(tuned.node(n.name()).op());
                for (int i = 0; i < a.length; i++) {
                    if (a[i] == 0f) assertEquals(0, Float.floatToRawIntBits(b[i]), name + " " + n.name() + "[" + i + "] must stay +0.0");
                    else {
                        kept++;
                        if (a[i] != b[i]) changed++;
                    }
                }
            }
            // (lenet measured 6639 of 8776: weights behind dead ReLUs or reading zero padding get no gradient)
            assertTrue(changed > 0.6 * kept, name + ": the unmasked weights train (" + changed + " of " + kept + " changed)");

            // the same recipe without the mask fills the zeros in: the mask is what keeps them
            Graph free = Trainer.train(init, train, TrainRecipe.fineTuning(128, 32, 0.05f, 0.9f, 3, false)).model();
            // (lenet measured 5012 of 20864 zeros left: those that get no gradient in 4 steps)
            assertTrue(GraphStats.of(free).zeroWeights() < before.zeroWeights() / 2,
                    name + ": unmasked training leaves " + GraphStats.of(free).zeroWeights() + " of " + before.zeroWeights() + " zeros");
        }
    }

    @Test
    void maskedFineTuningIsDeterministic() {
        Dataset train = Datasets.load("fashion-mnist").train();
        Graph init = sparsify(ModelZoo.architecture("lenet", 6), 0.8, 12);
        TrainRecipe r = TrainRecipe.fineTuning(300, 64, 0.01f, 0.9f, 9, true);
        Graph a = Trainer.train(init, train, r).model(), b = Trainer.train(init, train, r).model();
        for (Node n : a.nodes()) {
            if (!hasWeights(n)) continue;
            float[] wa = weights(n.op()), wb = weights(b.node(n.name()).op());
            for (int i = 0; i < wa.length; i++) assertEquals(Float.floatToRawIntBits(wa[i]), Float.floatToRawIntBits(wb[i]), n.name() + "[" + i + "]");
        }
        Graph other = Trainer.train(init, train, TrainRecipe.fineTuning(300, 64, 0.01f, 0.9f, 10, true)).model();
        assertFalse(java.util.Arrays.equals(weights(a.node("fc1").op()), weights(other.node("fc1").op())), "another seed shuffles otherwise");
        // the input graph is untouched
        assertArrayEquals(weights(init.node("conv2").op()), weights(sparsify(ModelZoo.architecture("lenet", 6), 0.8, 12).node("conv2").op()));
    }

    @Test
    void constantScheduleAndRecipeText() {
        TrainRecipe ft = TrainRecipe.fineTuning(3000, 64, 0.01f, 0.9f, 1, true);
        assertEquals(TrainRecipe.Schedule.CONSTANT, ft.schedule());
        assertEquals(1, ft.epochs());
        assertEquals(0f, ft.weightDecay());
        assertEquals(46, ft.totalSteps());
        assertEquals(2944, ft.imagesPerEpoch());
        for (int t : new int[] {0, 1, 20, 45}) assertEquals(0.01f, ft.learningRate(t));
        assertEquals("sgd;epochs=1;batch=64;lr=0.01;momentum=0.9;wd=0.0;seed=1;train=3000;warmup=0;schedule=constant;freeze_zeros=true",
                ft.canonical());
        assertFalse(ft.withFreezeZeros(false).freezeZeros());
        // warm-up applies to the constant schedule too
        TrainRecipe warm = new TrainRecipe(1, 10, 0.1f, 0.9f, 0, 1, 100, 4, TrainRecipe.Schedule.CONSTANT, false);
        assertEquals(0.025f, warm.learningRate(0), 1e-7);
        assertEquals(0.1f, warm.learningRate(3));
        assertEquals(0.1f, warm.learningRate(9));
        // the zoo's recipes keep their text (it is part of the cached models' keys) and their schedule
        TrainRecipe zoo = ModelZoo.recipe("lenet");
        assertEquals(TrainRecipe.Schedule.COSINE, zoo.schedule());
        assertFalse(zoo.freezeZeros());
        assertEquals("sgd;epochs=2;batch=64;lr=0.05;momentum=0.9;wd=5.0E-4;seed=1;train=58000;warmup=100;schedule=cosine", zoo.canonical());
        assertNotEquals(zoo.canonical(), zoo.withFreezeZeros(true).canonical());
        assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, () -> TrainRecipe.fineTuning(10, 64, 0.01f, 0.9f, 1, true)).kind());
        assertEquals(ErrorKind.MISSING, assertThrows(InvalidInputException.class, () -> new TrainRecipe(1, 8, 0.1f, 0.9f, 0, 1, 16, 0, null, false)).kind());
    }
}
