package org.dlas.tuner.ort;

import org.dlas.tuner.ZooFixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.models.ModelZoo;
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
}
