package org.dlas.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.models.ModelIO;
import org.dlas.models.ModelZoo;

class TrainerTest {

    private static List<float[]> weights(Graph g) {
        List<float[]> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            Op op = n.op();
            if (op instanceof Op.Conv2d c) {
                out.add(c.weight());
                if (c.bias() != null) out.add(c.bias());
            } else if (op instanceof Op.Dense d) {
                out.add(d.weight());
                if (d.bias() != null) out.add(d.bias());
            } else if (op instanceof Op.BatchNorm b) {
                out.add(b.gamma());
                out.add(b.beta());
                out.add(b.mean());
                out.add(b.var());
            }
        }
        return out;
    }

    private static void assertBitIdentical(Graph a, Graph b) {
        List<float[]> wa = weights(a), wb = weights(b);
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i).length, wb.get(i).length);
            for (int j = 0; j < wa.get(i).length; j++) {
                assertEquals(Float.floatToRawIntBits(wa.get(i)[j]), Float.floatToRawIntBits(wb.get(i)[j]), "tensor " + i + " element " + j);
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsWhateverTheThreads() throws Exception {
        Dataset train = Datasets.load("fashion-mnist").train();
        // 330 images: five batches of 60 (seven chunks of 8 and one of 4) and an incomplete one (dropped)
        TrainRecipe r = new TrainRecipe(2, 60, 0.05f, 0.9f, 5e-4f, 42, 330, 3);
        Graph a = Trainer.train(ModelZoo.architecture("lenet", 42), train, r).model();
        Graph b = Trainer.train(ModelZoo.architecture("lenet", 42), train, r).model();
        assertBitIdentical(a, b);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            Graph c = single.submit(() -> Trainer.train(ModelZoo.architecture("lenet", 42), train, r).model()).get();
            assertBitIdentical(a, c);
        } finally {
            single.shutdown();
        }
        // with BatchNorm, residual adds, depthwise convs and concat too
        TrainRecipe small = new TrainRecipe(1, 32, 0.05f, 0.9f, 5e-4f, 7, 96, 1);
        for (String name : List.of("mobilenetv2", "densenet", "resnet")) {
            Graph x = Trainer.train(ModelZoo.architecture(name, 7), train, small).model();
            Graph y = Trainer.train(ModelZoo.architecture(name, 7), train, small).model();
            assertBitIdentical(x, y);
        }
        Graph d = Trainer.train(ModelZoo.architecture("lenet", 43), train,
                new TrainRecipe(2, 60, 0.05f, 0.9f, 5e-4f, 43, 330, 3)).model();
        assertNotEquals(weights(a).get(0)[0], weights(d).get(0)[0], "another seed gives other weights");
    }

    @Test
    void lenetLearnsFromASmallSubset() {
        DatasetSplits s = Datasets.load("fashion-mnist");
        Graph init = ModelZoo.architecture("lenet", 1);
        TrainResult r = Trainer.train(init, s.train(), new TrainRecipe(1, 64, 0.05f, 0.9f, 5e-4f, 1, 6400, 20));
        assertEquals(100, r.steps());
        double acc = Trainer.accuracy(r.model(), s.test().take(2000));
        assertTrue(acc > 0.70, "lenet after 6,400 images: " + acc);
        assertTrue(r.lastEpochLoss() < 1.2, "loss " + r.lastEpochLoss());
        // the initial graph is untouched
        assertArrayEquals(((Op.Conv2d) ModelZoo.architecture("lenet", 1).node("conv1").op()).weight(),
                ((Op.Conv2d) init.node("conv1").op()).weight());
        // logits for one image equal the batched ones
        float[] one = Trainer.logits(r.model(), s.test().image(7), 1);
        float[] all = Trainer.logits(r.model(), s.test().take(8).images(), 8);
        for (int k = 0; k < 10; k++) assertEquals(all[70 + k], one[k], 1e-5);
    }

    @Test
    void batchNormRunningStatisticsAreTrainedAndUsedInEvaluation() {
        Dataset train = Datasets.load("fashion-mnist").train();
        Graph init = ModelZoo.architecture("resnet", 2);
        Graph g = Trainer.train(init, train, new TrainRecipe(1, 32, 0.05f, 0.9f, 5e-4f, 2, 320, 2)).model();
        Op.BatchNorm bn = (Op.BatchNorm) g.node("stem.bn").op();
        // stem conv output of the normalised images: the running mean moved away from 0, variance from 1
        boolean moved = false;
        for (int c = 0; c < bn.mean().length; c++) moved |= Math.abs(bn.mean()[c]) > 1e-3 && Math.abs(bn.var()[c] - 1) > 1e-3;
        assertTrue(moved);
        // evaluation is per image: a batch of one gives the same outputs as a batch of many
        Dataset t = Datasets.load("fashion-mnist").test().take(5);
        float[] batch = Trainer.logits(g, t.images(), 5);
        float[] single = Trainer.logits(g, t.image(3), 1);
        for (int k = 0; k < 10; k++) assertEquals(batch[30 + k], single[k], 1e-5);
    }

    @Test
    void softmaxTerminatedGraphsTrainOnTheirLogits() {
        Graph lenet = ModelZoo.architecture("lenet", 4);
        List<Node> nodes = new ArrayList<>(lenet.nodes());
        nodes.add(Node.of("prob", new Op.Softmax(), lenet.output()));
        Graph withSoftmax = new Graph("lenet-softmax", nodes);
        Dataset train = Datasets.load("fashion-mnist").train();
        TrainRecipe r = new TrainRecipe(1, 64, 0.05f, 0.9f, 5e-4f, 4, 256, 1);
        Graph a = Trainer.train(lenet, train, r).model(), b = Trainer.train(withSoftmax, train, r).model();
        assertEquals("prob", b.output());
        assertBitIdentical(a, b);
        float[] p = Trainer.logits(b, train.image(0), 1);
        double sum = 0;
        for (float v : p) sum += v;
        assertEquals(1, sum, 1e-5);
    }

    @Test
    void rejectsInt8ModelsAndMismatchedData() {
        Graph g = ModelIO.copy(ModelZoo.architecture("lenet", 1));
        Graph q = g.mapOps(n -> n.op() instanceof Op.Dense d && n.name().equals("fc2")
                ? d.withQuant(new Int8Params(new byte[d.weight().length], new float[10], 1f, 0)) : n.op());
        Dataset test = Datasets.load("fashion-mnist").test().take(10);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Trainer.accuracy(q, test));
        assertEquals(ErrorKind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("fc2"), e.getMessage());
        Graph tiny = new Graph("tiny", List.of(Node.of("in", new Op.Input(1, 14, 14)), Node.of("gap", new Op.GlobalAvgPool(), "in")));
        assertEquals(ErrorKind.CONFLICT, assertThrows(InvalidInputException.class, () -> Trainer.accuracy(tiny, test)).kind());
        assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, () -> Trainer.train(g, test, new TrainRecipe(1, 8, 0.1f, 0.9f, 0, 1, 16, 0))).kind());
    }

    @Test
    void learningRateWarmsUpThenDecaysToZero() {
        TrainRecipe r = new TrainRecipe(2, 64, 0.1f, 0.9f, 0, 1, 6400, 10);
        assertEquals(200, r.totalSteps());
        assertEquals(0.01f, r.learningRate(0), 1e-3);
        assertTrue(r.learningRate(9) > 0.099f);
        assertTrue(r.learningRate(100) < 0.06f && r.learningRate(100) > 0.04f);
        assertTrue(r.learningRate(199) < 1e-4f);
    }
}
