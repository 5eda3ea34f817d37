package org.dlas.robust.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.models.ModelZoo;
import org.dlas.robust.mutation.Edits;
import org.junit.jupiter.api.Test;

/** Differences no fault kind injects, made by hand on the converted lenet/resnet: each gets the right finding and fix. */
class LocaliserFindingsTest {
    private static final Dataset IMAGES = Datasets.load(Datasets.FASHION_MNIST).test().take(100);

    private static Finding only(Graph source, Graph faulty) {
        RepairResult r = ConversionRepairer.repair(source, faulty, IMAGES, List.of());
        assertEquals(1, r.before().findings().size(), r.before().findings().toString());
        assertTrue(r.after().clean(), r.after().findings() + " " + r.after().divergences());
        return r.before().findings().get(0);
    }

    @Test void replacedOperatorIsAGraphFinding() {
        Graph source = ModelZoo.trained("lenet"), converted = RoundTrip.convert(source);
        Finding f = only(source, Edits.replaceOp(converted, "relu1", new Op.Relu6()));
        assertEquals(Stage.GRAPH, f.stage());
        assertEquals("relu1", f.node());
        assertTrue(f.evidence().contains("Relu6"), f.evidence());
    }

    @Test void extraNodeInsideTheGraphIsAGraphFindingNotAnInputOne() {
        Graph source = ModelZoo.trained("lenet"), converted = RoundTrip.convert(source);
        Finding f = only(source, Edits.insertAfter(converted, "pool1", "pool1_extra_scale", Edits.affine(8, 2f, 0f)));
        assertEquals(Stage.GRAPH, f.stage());
        assertEquals("pool1_extra_scale", f.node());
    }

    @Test void biasOnlyAndBatchNormStatisticsAreParameterFindings() {
        Graph source = ModelZoo.trained("resnet"), converted = RoundTrip.convert(source);
        Op.Conv2d conv = (Op.Conv2d) converted.node("stem.conv").op();
        float[] bias = conv.bias() == null ? new float[conv.spec().outChannels()] : conv.bias().clone();
        bias[0] += 5f;
        Finding b = only(source, Edits.replaceOp(converted, "stem.conv", conv.withWeights(conv.weight(), bias)));
        assertEquals(Stage.PARAMETERS, b.stage());
        assertTrue(b.evidence().startsWith("weights equal; bias"), b.evidence());
        Op.BatchNorm bn = (Op.BatchNorm) converted.node("block1.a.bn").op();
        float[] var = bn.var().clone();
        for (int i = 0; i < var.length; i++) var[i] *= 4;
        Finding s = only(source, Edits.replaceOp(converted, "block1.a.bn", new Op.BatchNorm(bn.gamma(), bn.beta(), bn.mean(), var, bn.eps())));
        assertEquals(Stage.PARAMETERS, s.stage());
        assertTrue(s.evidence().startsWith("var differ"), s.evidence());
    }

    @Test void anUnknownPermutationIsStillALayoutFinding() {
        Graph source = ModelZoo.trained("lenet"), converted = RoundTrip.convert(source);
        Op.Dense fc2 = (Op.Dense) converted.node("fc2").op();
        float[] w = fc2.weight().clone();
        float t = w[0]; w[0] = w[w.length - 1]; w[w.length - 1] = t;
        Finding f = only(source, Edits.replaceOp(converted, "fc2", fc2.withWeights(w, fc2.bias())));
        assertEquals(Stage.HYPERPARAMETERS, f.stage());
        assertTrue(f.evidence().contains("no known layout"), f.evidence());
    }

    @Test void wrongStrideIsAHyperparameterFinding() {
        Graph source = ModelZoo.trained("mobilenetv2"), converted = RoundTrip.convert(source);
        Op.Conv2d head = (Op.Conv2d) converted.node("head.conv").op();
        org.dlas.kernels.ConvSpec s = head.spec();
        org.dlas.kernels.ConvSpec strided = new org.dlas.kernels.ConvSpec(s.inChannels(), s.outChannels(), s.kernelH(), s.kernelW(), 2, 2,
                s.padH(), s.padW(), s.groups());
        Finding f = only(source, Edits.replaceOp(converted, "head.conv", new Op.Conv2d(strided, head.weight(), head.bias(), head.quant())));
        assertEquals(Stage.HYPERPARAMETERS, f.stage());
        assertEquals("stride 2x2 where the source has 1x1", f.evidence());
        assertTrue(f.confirmation().shapeDiffers(), f.confirmation().toString());
    }
}
