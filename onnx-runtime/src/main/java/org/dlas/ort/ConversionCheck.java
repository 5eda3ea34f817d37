package org.dlas.ort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.kernels.Primitives;
import org.dlas.onnx.ModelProto;
import org.dlas.onnx.ProtoWriter;
import org.dlas.runtime.CompiledModel;

/**
 * Conversion fault localisation: the same real images through the source (the dlas graph on the
 * Java direct kernels) and the converted model (its ONNX export in ONNX Runtime), every node's
 * activation compared, and the first node in graph order whose deviation exceeds the tolerance
 * named as the fault location. Later nodes inherit the deviation, so the first one is where the
 * conversion goes wrong.
 */
public final class ConversionCheck {
    static final int BATCH = 32;

    /** How the converted model runs and when a node counts as faulty. */
    public record Settings(String optimization, double tolerance) {
        public static Settings defaults() { return new Settings("all", 1e-4); }
    }

    /** Every node's deviation in graph order, and the end-to-end label comparison. */
    public record Report(List<NodeDeviation> nodes, int images, int labelsDiffering, double tolerance) {
        public Optional<NodeDeviation> firstFault() {
            return nodes.stream().filter(n -> n.exceeds(tolerance)).findFirst();
        }

        public NodeDeviation node(String name) {
            return nodes.stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
        }

        public double labelDiffShare() { return images == 0 ? 0 : (double) labelsDiffering / images; }
    }

    /** The images kept for the layer-by-layer check, and how many of the screened ones differ end to end. */
    public record Focus(Dataset images, int differing, int screened) { }

    private ConversionCheck() { }

    public static Report check(Graph source, ModelProto converted, Dataset images, Settings settings) throws Exception {
        CompiledModel reference = CompiledModel.compile(source, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of()));
        List<String> probed = LayerProbes.probedNodes(source);
        Map<String, NodeDeviation.Accumulator> deviations = new LinkedHashMap<>();
        for (String name : probed) {
            Node n = source.node(name);
            deviations.put(name, new NodeDeviation.Accumulator(name, n.op().kind(), n.op().isInt8()));
        }
        String input = source.nodes().get(0).name();
        int classes = source.outputShape().size(), per = source.inputShape().size(), differing = 0;
        try (OrtRunner layers = new OrtRunner(ProtoWriter.write(LayerProbes.withOutputs(converted, probed)), input,
                source.inputShape(), settings.optimization(), 0);
             OrtRunner plain = new OrtRunner(ProtoWriter.write(converted), input, source.inputShape(), settings.optimization(), 0)) {
            for (int start = 0; start < images.size(); start += BATCH) {
                int n = Math.min(BATCH, images.size() - start);
                float[] x = Arrays.copyOfRange(images.images(), start * per, (start + n) * per);
                Map<String, float[]> sourceActs = new HashMap<>();
                float[] sourceOut = reference.forward(x, n, (node, out, batch) -> sourceActs.put(node.name(), out.clone()));
                Map<String, float[]> convertedActs = layers.run(x, n, new LinkedHashSet<>(probed));
                for (String name : probed) deviations.get(name).add(sourceActs.get(name), convertedActs.get(name));
                differing += countDiffering(sourceOut, plain.run(x, n), classes);
            }
        }
        List<NodeDeviation> nodes = new ArrayList<>();
        for (NodeDeviation.Accumulator a : deviations.values()) nodes.add(a.result());
        return new Report(nodes, images.size(), differing, settings.tolerance());
    }

    /**
     * The images worth checking layer by layer (as FetaFix focuses on dissimilar images): every
     * image whose top-1 label differs between source and converted model end to end, then the first
     * {@code agreeing} images whose labels agree, in data-set order.
     */
    public static Focus focus(Graph source, ModelProto converted, Dataset images, Settings settings, int agreeing) throws Exception {
        CompiledModel reference = CompiledModel.compile(source, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of()));
        int classes = source.outputShape().size(), per = source.inputShape().size();
        List<Integer> differing = new ArrayList<>(), agree = new ArrayList<>();
        try (OrtRunner plain = new OrtRunner(ProtoWriter.write(converted), source.nodes().get(0).name(), source.inputShape(),
                settings.optimization(), 0)) {
            for (int start = 0; start < images.size(); start += BATCH) {
                int n = Math.min(BATCH, images.size() - start);
                float[] x = Arrays.copyOfRange(images.images(), start * per, (start + n) * per);
                float[] a = reference.forward(x, n), b = plain.run(x, n);
                for (int i = 0; i < n; i++) {
                    if (argmax(a, i, classes) != argmax(b, i, classes)) differing.add(start + i);
                    else if (agree.size() < agreeing) agree.add(start + i);
                }
            }
        }
        List<Integer> keep = new ArrayList<>(differing);
        keep.addAll(agree);
        float[] pixels = new float[keep.size() * per];
        int[] labels = new int[keep.size()];
        for (int i = 0; i < keep.size(); i++) {
            System.arraycopy(images.images(), keep.get(i) * per, pixels, i * per, per);
            labels[i] = images.label(keep.get(i));
        }
        Dataset kept = new Dataset(images.name() + " (" + differing.size() + " differing + " + agree.size() + " agreeing images)",
                images.channels(), images.height(), images.width(), images.classes(), pixels, labels, images.classNames());
        return new Focus(kept, differing.size(), images.size());
    }

    static int countDiffering(float[] a, float[] b, int classes) {
        int count = 0;
        for (int i = 0; i < a.length / classes; i++) if (argmax(a, i, classes) != argmax(b, i, classes)) count++;
        return count;
    }

    private static int argmax(float[] v, int image, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) if (v[image * classes + c] > v[image * classes + best]) best = c;
        return best;
    }
}
