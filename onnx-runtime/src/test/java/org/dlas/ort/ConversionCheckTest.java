package org.dlas.ort;

import org.dlas.models.ZooFixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;

/** Conversion fault localisation and repair on real trained models and real Fashion-MNIST test images. */
class ConversionCheckTest {
    static final ConversionCheck.Settings SETTINGS = ConversionCheck.Settings.defaults();

    @Test void int8LenetFaultIsItsFirstInt8Layer() throws Exception {
        Graph q = ZooFixtures.int8("lenet");
        ConversionCheck.Report r = ConversionCheck.check(q, OnnxExporter.toModel(q), ZooFixtures.test(128), SETTINGS);
        System.out.print(ConvcheckCommand.table(r));
        String firstInt8 = q.nodes().stream().filter(n -> n.op().isInt8()).map(Node::name).findFirst().orElseThrow();
        assertEquals(firstInt8, r.firstFault().orElseThrow().node());
    }

    @Test void fp32ModelsShowNoFault() throws Exception {
        for (String model : new String[] {"lenet", "resnet"}) {
            Graph g = ModelZoo.trained(model);
            ConversionCheck.Report r = ConversionCheck.check(g, OnnxExporter.toModel(g), ZooFixtures.test(64), SETTINGS);
            double worst = r.nodes().stream().mapToDouble(NodeDeviation::relative).max().orElseThrow();
            System.out.printf("%s fp32: %d nodes, worst relative deviation %.3g, %d of %d labels differ%n", model, r.nodes().size(),
                    worst, r.labelsDiffering(), r.images());
            assertTrue(r.firstFault().isEmpty(), model + ": " + r.firstFault());
            assertEquals(0, r.labelsDiffering(), model);
        }
    }

    @Test void repairOfInt8LenetRemovesItsLabelDifferences() throws Exception {
        Graph q = ZooFixtures.int8("lenet");
        Dataset focus = ConversionCheck.focus(q, OnnxExporter.toModel(q), ZooFixtures.test(2000), SETTINGS, 64).images();
        ConversionRepair.Outcome o = ConversionRepair.run(q, OnnxExporter.toModel(q), focus, SETTINGS, 10);
        System.out.println(focus);
        System.out.print(ConvcheckCommand.table(o.before()));
        for (ConversionRepair.Attempt a : o.attempts()) System.out.println(a);
        System.out.print(ConvcheckCommand.table(o.after()));
        System.out.println(o.stopReason());
        assertTrue(o.before().labelsDiffering() > 0, "the screened images include label differences");
        assertTrue(o.after().labelsDiffering() < o.before().labelsDiffering(),
                o.before().labelsDiffering() + " -> " + o.after().labelsDiffering());
        for (ConversionRepair.Attempt a : o.attempts()) if (a.kept()) assertTrue(a.relativeAfter() < a.relativeBefore(), a.toString());
        ConversionRepair.Attempt qdqOnFirstLayer = o.attempts().get(0);
        assertEquals("QDQ", qdqOnFirstLayer.repair());
        assertTrue(qdqOnFirstLayer.relativeAfter() < SETTINGS.tolerance(), "QDQ on the image-fed layer leaves only fp32 rounding: " + qdqOnFirstLayer);
        double outputBefore = o.before().node(q.output()).relative(), outputAfter = o.after().node(q.output()).relative();
        assertTrue(outputAfter < outputBefore, outputBefore + " -> " + outputAfter);
    }

    /**
     * The README's convcheck figure: the integer rewrite is bit-exact on every int8 layer of lenet,
     * resnet and mobilenetv2, and the end-to-end label differences (screened from the README's
     * 2,000 / 1,000 / 300 test images) all agree after it.
     */
    @Test void integerRewriteIsBitExactOnEveryInt8Layer() throws Exception {
        Map<String, Integer> screened = Map.of("lenet", 2000, "resnet", 1000, "mobilenetv2", 300);
        for (String model : new String[] {"lenet", "resnet", "mobilenetv2"}) {
            Graph q = ZooFixtures.int8(model);
            Dataset images = ConversionCheck.focus(q, OnnxExporter.toModel(q), ZooFixtures.test(screened.get(model)), SETTINGS, 16).images();
            ModelProto rewritten = OnnxExporter.toModel(q);
            int layers = 0;
            for (Node n : q.nodes()) {
                if (!new IntegerRewrite().appliesTo(n)) continue;
                rewritten = new IntegerRewrite().apply(rewritten, n);
                layers++;
            }
            ConversionCheck.Report before = ConversionCheck.check(q, OnnxExporter.toModel(q), images, SETTINGS);
            ConversionCheck.Report after = ConversionCheck.check(q, rewritten, images, SETTINGS);
            System.out.printf("%s int8: %d int8 layers rewritten, labels differing %d -> %d of %d%n", model, layers,
                    before.labelsDiffering(), after.labelsDiffering(), images.size());
            assertTrue(layers >= 3, model + " has only " + layers + " int8 layers");
            long int8Nodes = after.nodes().stream().filter(NodeDeviation::int8).count();
            assertEquals(layers, int8Nodes, model + ": every int8 layer is checked");
            for (NodeDeviation d : after.nodes()) {
                if (d.int8()) assertEquals(0.0, d.maxAbs(), model + " " + d.node() + " is not bit-exact after the integer rewrite");
            }
            assertTrue(before.labelsDiffering() > 0, "the screened " + model + " images include label differences");
            assertEquals(0, after.labelsDiffering(), model + ": labels still differ after the integer rewrite");
            assertFalse(after.firstFault().isPresent(), model + ": " + after.firstFault());
        }
    }
}
