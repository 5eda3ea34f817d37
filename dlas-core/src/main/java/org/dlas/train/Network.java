package org.dlas.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Shape;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A graph compiled for batched training and evaluation: one layer per node, activation and
 * gradient buffers per node for the current batch size. Runs only the nodes the chosen output
 * depends on, and back-propagates only into nodes with parameters at or above them (and into the
 * input when asked, for gradient checks).
 */
final class Network {
    final Graph graph;
    private final List<Node> nodes;
    private final Layer[] layers;
    private final int[][] inputs;
    private final int out;
    private final boolean[] active, requiresGrad;
    private Act[] acts, grads;
    private int batch = -1;

    Network(Graph graph) { this(graph, graph.output(), false); }

    Network(Graph graph, String outputNode, boolean inputGrad) {
        this.graph = graph;
        this.nodes = graph.nodes();
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) index.put(nodes.get(i).name(), i);
        layers = new Layer[n];
        inputs = new int[n][];
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            inputs[i] = node.inputs().stream().mapToInt(index::get).toArray();
            if (i == 0) continue;
            Shape[] in = new Shape[inputs[i].length];
            for (int j = 0; j < in.length; j++) in[j] = graph.shape(node.inputs().get(j));
            layers[i] = Layers.create(node, in, graph.shape(node.name()));
        }
        Integer o = index.get(outputNode);
        if (o == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "no node '" + outputNode + "' in " + graph.name());
        out = o;
        active = new boolean[n];
        active[out] = true;
        for (int i = out; i >= 0; i--) if (active[i]) for (int j : inputs[i]) active[j] = true;
        requiresGrad = new boolean[n];
        requiresGrad[0] = inputGrad;
        for (int i = 1; i < n; i++) {
            boolean r = !layers[i].params().isEmpty();
            for (int j : inputs[i]) r |= requiresGrad[j];
            requiresGrad[i] = r && active[i];
        }
    }

    int batch() { return batch; }

    /** Allocates the buffers for batches of {@code n} images (no-op when already that size). */
    void ensureBatch(int n) {
        if (n == batch) return;
        acts = new Act[nodes.size()];
        grads = new Act[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            if (!active[i]) continue;
            Shape s = graph.shape(nodes.get(i).name());
            boolean alias = layers[i] != null && layers[i].aliasesInput();
            acts[i] = new Act(n, s.channels(), s.height(), s.width(), !alias);
            if (requiresGrad[i]) grads[i] = new Act(n, s);
        }
        batch = n;
    }

    Act input() { return acts[0]; }
    Act output() { return acts[out]; }
    /** Gradient of the loss with respect to the output: fill it before {@link #backward()}. */
    Act outputGrad() { return grads[out]; }
    Act inputGrad() { return grads[0]; }
    Act activation(String node) { return acts[indexOf(node)]; }

    private int indexOf(String name) {
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name().equals(name)) return i;
        throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "no node " + name);
    }

    /** Copies images idx[from .. from+n) of {@code images} (n x C x H x W each) into the input. */
    void setInput(float[] images, int[] idx, int from, int n) {
        ensureBatch(n);
        Act x = acts[0];
        int per = x.perImage(), hw = x.hw();
        for (int b = 0; b < n; b++) {
            int src = (idx == null ? from + b : idx[from + b]) * per;
            for (int c = 0; c < x.c; c++) System.arraycopy(images, src + c * hw, x.planes[b * x.c + c], 0, hw);
        }
    }

    void forward(boolean training) {
        for (int i = 1; i < nodes.size(); i++) {
            if (!active[i]) continue;
            int[] in = inputs[i];
            Act[] xs = new Act[in.length];
            for (int j = 0; j < in.length; j++) xs[j] = acts[in[j]];
            layers[i].forward(xs, acts[i], training);
        }
    }

    /** Back-propagates {@link #outputGrad()} (after a training-mode forward). */
    void backward() {
        List<float[]> planes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) if (grads[i] != null && i != out) planes.addAll(java.util.Arrays.asList(grads[i].planes));
        Par.forRanges(planes.size(), 64, (long) planes.size() * 64, (t, from, to) -> {
            for (int p = from; p < to; p++) java.util.Arrays.fill(planes.get(p), 0f);
        });
        for (int i = out; i >= 1; i--) {
            if (!requiresGrad[i]) continue;
            int[] in = inputs[i];
            Act[] xs = new Act[in.length], dxs = new Act[in.length];
            for (int j = 0; j < in.length; j++) {
                xs[j] = acts[in[j]];
                dxs[j] = requiresGrad[in[j]] ? grads[in[j]] : null;
            }
            layers[i].backward(xs, acts[i], grads[i], dxs);
        }
    }

    List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (int i = 1; i < layers.length; i++) if (active[i]) p.addAll(layers[i].params());
        return p;
    }

    /** The graph with the current parameters and BatchNorm running statistics. */
    Graph export() {
        Map<String, Layer> byName = new HashMap<>();
        for (int i = 1; i < layers.length; i++) byName.put(nodes.get(i).name(), layers[i]);
        return graph.mapOps(node -> byName.containsKey(node.name()) ? byName.get(node.name()).export() : node.op());
    }
}
