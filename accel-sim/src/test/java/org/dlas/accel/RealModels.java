package org.dlas.accel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dlas.accel.bench.LayerCapture;
import org.dlas.compression.CalibrationData;
import org.dlas.compression.Compressions;
import org.dlas.data.Dataset;
import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.spec.Choice;

/**
 * Trained zoo models (Fashion-MNIST, cached on disk by dlas-core), their int8 and pruned versions,
 * and real test images, loaded once per test JVM.
 */
public final class RealModels {
    private static final Map<String, Graph> GRAPHS = new ConcurrentHashMap<>();
    private static final Map<String, List<LayerCapture.Captured>> LAYERS = new ConcurrentHashMap<>();

    private RealModels() { }

    public static DatasetSplits data() { return Datasets.load(Datasets.FASHION_MNIST); }

    /** The first {@code n} images of the official test split. */
    public static Dataset test(int n) { return data().test().take(n); }

    public static Graph trained(String name) {
        return GRAPHS.computeIfAbsent(name, ModelZoo::trained);
    }

    /** The model quantised to int8, calibrated on 64 images of the calibration split. */
    public static Graph int8(String name) {
        return GRAPHS.computeIfAbsent(name + "/int8", k -> {
            Dataset cal = data().calibration().take(64);
            return Compressions.apply(trained(name), new Choice("int8", Map.of()), new CalibrationData(cal.images(), cal.size()));
        });
    }

    /** The model magnitude-pruned to {@code sparsity} in every layer (the first layer too). */
    public static Graph pruned(String name, double sparsity) {
        return GRAPHS.computeIfAbsent(name + "/prune" + sparsity, k -> {
            Dataset cal = data().calibration().take(8);
            return Compressions.apply(trained(name), new Choice("prune", Map.of("sparsity", sparsity, "skip_first", false)),
                    new CalibrationData(cal.images(), cal.size()));
        });
    }

    /** The conv/dense layers of {@code variant} ("resnet", "lenet/int8", "resnet/prune0.5") with real inputs of {@code n} test images. */
    public static List<LayerCapture.Captured> layers(String variant, int n) {
        return LAYERS.computeIfAbsent(variant + "@" + n, k -> {
            Graph g = graph(variant);
            Dataset t = test(n);
            return LayerCapture.capture(g, t.images(), n);
        });
    }

    public static Graph graph(String variant) {
        String[] parts = variant.split("/");
        if (parts.length == 1) return trained(parts[0]);
        if (parts[1].equals("int8")) return int8(parts[0]);
        if (parts[1].startsWith("prune")) return pruned(parts[0], Double.parseDouble(parts[1].substring(5)));
        throw new IllegalArgumentException(variant);
    }

    public static LayerCapture.Captured layer(String variant, int n, String name) {
        return layers(variant, n).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name + " in " + variant));
    }

    public static ConvLayer fp32(LayerCapture.Captured c) {
        return ConvLayer.fp32(c.spec(), c.input(), c.n(), c.h(), c.w(), c.weights());
    }

    public static ConvLayer int8(LayerCapture.Captured c) {
        return ConvLayer.int8(c.spec(), c.quantisedInput(), c.n(), c.h(), c.w(), c.quant().inputZeroPoint(), c.quant().weights());
    }
}
