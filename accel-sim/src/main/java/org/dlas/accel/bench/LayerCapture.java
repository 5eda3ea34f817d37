package org.dlas.accel.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.ir.Int8Params;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.CompiledModel;

/**
 * The conv/dense layers of a model with the real activations that reach them: runs the model on
 * the host reference and records each layer's input, so a simulator can be driven (and checked)
 * layer by layer on real data.
 */
public final class LayerCapture {
    private LayerCapture() { }

    /**
     * One conv/dense layer and its input for a batch.
     *
     * @param quant int8 parameters when the layer is quantised, else null
     */
    public record Captured(String name, ConvSpec spec, float[] weights, float[] bias, Int8Params quant,
                           float[] input, int n, int h, int w) {

        /** The input quantised as the runtime does it (round(x / scale) + zero point, clamped to int8). */
        public byte[] quantisedInput() {
            float inv = 1f / quant.inputScale();
            byte[] q = new byte[input.length];
            for (int i = 0; i < q.length; i++) q[i] = (byte) Math.max(-128, Math.min(127, Math.round(input[i] * inv) + quant.inputZeroPoint()));
            return q;
        }

        /** The int32 bias the runtime derives for the int8 kernel. */
        public int[] quantisedBias() {
            int[] b = new int[spec.outChannels()];
            if (bias != null) for (int k = 0; k < b.length; k++) b[k] = Math.round(bias[k] / (quant.inputScale() * quant.weightScales()[k]));
            return b;
        }

        public long macs() { return (long) n * spec.macs(h, w); }
    }

    /** Runs {@code n} images through {@code g} on the host and returns its conv/dense layers with their inputs. */
    public static List<Captured> capture(Graph g, float[] images, int n) {
        Map<String, float[]> outputs = new HashMap<>();
        CompiledModel ref = CompiledModel.compile(g, Primitives.create("direct", Map.of()), Primitives.create("direct", Map.of()));
        ref.forward(images, n, (node, out, batch) -> outputs.put(node.name(), out));
        List<Captured> layers = new ArrayList<>();
        for (Node node : g.nodes()) {
            String in = node.inputs().isEmpty() ? null : node.inputs().get(0);
            if (node.op() instanceof Op.Conv2d c) {
                Shape s = g.shape(in);
                layers.add(new Captured(node.name(), c.spec(), c.weight(), c.bias(), c.quant(), outputs.get(in), n, s.height(), s.width()));
            } else if (node.op() instanceof Op.Dense d) {
                layers.add(new Captured(node.name(), d.spec(), d.weight(), d.bias(), d.quant(), outputs.get(in), n, 1, 1));
            }
        }
        return layers;
    }
}
