package org.dlas.models;

import java.util.Map;

import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;
import org.dlas.spec.Choice;

/**
 * For the tests of the modules above dlas-core (tuner, onnx-runtime): trained zoo models (cached), their
 * compressed variants, real Fashion-MNIST test images and the jvm reference every compiled or converted model
 * is checked against. In main code because a test-jar cannot be resolved inside a reactor {@code mvn test}.
 */
public final class ZooFixtures {
    private ZooFixtures() { }

    private static DatasetSplits data;

    public static synchronized DatasetSplits data() {
        if (data == null) data = Datasets.load(Datasets.FASHION_MNIST);
        return data;
    }

    public static Dataset test(int n) { return data().test().take(n); }

    public static Graph fp32(String model) { return ModelZoo.trained(model); }

    /** 200 images of the calibration split. */
    public static CalibrationData calibration() {
        Dataset calib = data().calibration().take(200);
        return new CalibrationData(calib.images(), calib.size());
    }

    public static Graph compressed(String model, String compression, Map<String, Object> params) {
        return Compressions.apply(fp32(model), new Choice(compression, params), calibration());
    }

    public static Graph int8(String model) { return compressed(model, "int8", Map.of()); }

    /** Outputs of dlas's Java direct kernels: the reference. */
    public static float[] reference(Graph g, Dataset images) {
        CompiledModel m = CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of()));
        return m.forward(images.images(), images.size());
    }

    public static int[] labels(float[] logits, int classes) {
        int[] out = new int[logits.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
            out[i] = best;
        }
        return out;
    }

    /** Largest |a - b| / max(1, |b|). */
    public static double maxRelativeDeviation(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1.0, Math.abs(b[i])));
        return worst;
    }
}
