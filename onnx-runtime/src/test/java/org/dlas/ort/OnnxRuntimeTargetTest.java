package org.dlas.ort;

import org.dlas.models.ZooFixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.spec.Choice;
import org.dlas.target.HardwareTarget;
import org.dlas.target.PreparedModel;
import org.dlas.target.Targets;
import org.junit.jupiter.api.Test;

/** hardware: onnxruntime runs real trained models on real test images and agrees with the jvm reference. */
class OnnxRuntimeTargetTest {
    static final int IMAGES = 64;
    static final double TOL = 1e-4;

    static float[] runOnOrt(Graph g, Dataset images, String optimization) throws Exception {
        HardwareTarget t = Targets.get(OnnxRuntimeTarget.NAME);
        Choice hw = new Choice(OnnxRuntimeTarget.NAME, Map.of("optimization", optimization, "threads", 1));
        try (PreparedModel p = t.prepare(g, hw, Choice.of("direct"), Choice.of("none"))) {
            return p.infer(images.images(), images.size());
        }
    }

    private static void agreesWithJvm(String model) throws Exception {
        Graph g = ModelZoo.trained(model);
        Dataset test = ZooFixtures.test(IMAGES);
        float[] ref = ZooFixtures.reference(g, test);
        float[] ort = runOnOrt(g, test, "all");
        double dev = ZooFixtures.maxRelativeDeviation(ort, ref);
        System.out.printf("%s fp32 on %d images: ORT vs jvm max relative deviation %.3g%n", model, IMAGES, dev);
        assertTrue(dev <= TOL, model + ": ORT deviates from the jvm reference by " + dev);
        int classes = g.outputShape().size();
        assertArrayEquals(ZooFixtures.labels(ref, classes), ZooFixtures.labels(ort, classes), model + " labels");
    }

    @Test void isInstalledAndSkipsOtherPrimitives() {
        HardwareTarget t = Targets.get(OnnxRuntimeTarget.NAME);
        assertEquals(OnnxRuntimeTarget.OWN_KERNELS, t.unsupported(Choice.of("onnxruntime"), Choice.of("gemm"), Choice.of("none")).orElseThrow());
        assertTrue(t.unsupported(Choice.of("onnxruntime"), Choice.of("direct"), Choice.of("none")).isEmpty());
        assertTrue(t.unsupported(Choice.of("onnxruntime"), Choice.of("direct"), Choice.of("untuned")).isPresent());
    }

    @Test void lenetMatchesJvm() throws Exception { agreesWithJvm("lenet"); }

    @Test void resnetMatchesJvm() throws Exception { agreesWithJvm("resnet"); }

    @Test void everyOptimizationLevelAgrees() throws Exception {
        Graph g = ModelZoo.trained("resnet");
        Dataset test = ZooFixtures.test(16);
        float[] all = runOnOrt(g, test, "all");
        for (String level : OrtRunner.OPTIMIZATION_LEVELS) {
            double dev = ZooFixtures.maxRelativeDeviation(runOnOrt(g, test, level), all);
            System.out.printf("resnet optimization %s vs all: max relative deviation %.3g%n", level, dev);
            assertTrue(dev <= TOL, level + " vs all: " + dev);
        }
    }

    @Test void int8ModelRunsAsDequantisedFp32AndTheNotesSaySo() throws Exception {
        Graph q = ZooFixtures.int8("lenet");
        Dataset test = ZooFixtures.test(IMAGES);
        float[] dlasInt8 = ZooFixtures.reference(q, test);
        float[] ort = runOnOrt(q, test, "all");
        double dev = ZooFixtures.maxRelativeDeviation(ort, dlasInt8);
        int[] a = ZooFixtures.labels(ort, 10), b = ZooFixtures.labels(dlasInt8, 10);
        int differ = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differ++;
        System.out.printf("lenet int8: ORT vs dlas int8 max relative deviation %.3g, %d of %d labels differ%n", dev, differ, IMAGES);
        assertTrue(dev > 1e-3, "ORT should not reproduce dlas's int8 arithmetic, deviation " + dev);
        HardwareTarget t = Targets.get(OnnxRuntimeTarget.NAME);
        try (PreparedModel p = t.prepare(q, Choice.of("onnxruntime"), Choice.of("direct"), Choice.of("none"))) {
            assertTrue(p.notes().contains("dequantised weights and without activation quantisation"), p.notes());
            assertTrue(p.howMeasured().contains("ONNX Runtime"), p.howMeasured());
        }
    }
}
