package org.dlas.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.dlas.kernels.ConvPrimitive;
import org.dlas.kernels.ConvSpec;
import org.dlas.kernels.DepthwisePrimitive;
import org.dlas.kernels.Epilogue;
import org.dlas.kernels.PreparedConv;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A model prepared for inference on the JVM with one algorithmic primitive: every conv/dense
 * layer's weights are packed once for that primitive (or, where it does not apply, for the
 * fallback primitive, recorded in {@link #plan()}); int8-quantised layers run the primitive's
 * int8 kernel. Depthwise layers of dlas's own primitives run {@link DepthwisePrimitive} (also in
 * the plan). Element-wise steps write over an input that nothing reads after them (see
 * {@link Overwriting}), which computes the same values without a new array per step, and conv
 * layers write into the array they made on the calling thread's previous run (see {@link #kept}),
 * applying the BatchNorm and ReLU that follow them in the same pass (see {@link #fuseEpilogues}).
 * Thread-safe for concurrent {@link #forward} calls.
 */
public final class CompiledModel {

    /** One executable step of the graph. */
    private interface Step {
        float[] run(float[][] inputs, int n);
    }

    /**
     * A step whose output has its first input's length and whose element i depends on the inputs'
     * elements i (or on i's channel) only, so it may be written into one of those inputs.
     */
    private interface Overwriting extends Step {
        float[] run(float[][] inputs, int n, float[] into);

        @Override default float[] run(float[][] inputs, int n) { return run(inputs, n, new float[inputs[0].length]); }
    }

    /** A step that may write its output into an array it made in an earlier run ({@link PreparedConv#run(float[], int, int, int, float[])}, max pooling). */
    private interface Reusing extends Step {
        float[] run(float[][] inputs, int n, float[] into);

        @Override default float[] run(float[][] inputs, int n) { return run(inputs, n, null); }
    }

    /** Runs whose activations (all nodes, all images) exceed this many values allocate afresh rather than keep arrays per thread. */
    static final long KEEP_LIMIT_VALUES = 1L << 22;

    private static final ConvPrimitive DEPTHWISE = new DepthwisePrimitive();

    private final Graph graph;
    private final List<Step> steps = new ArrayList<>();
    private final List<LayerPlan> plan = new ArrayList<>();
    /** Nodes whose step returns an array of its own each run: the only arrays a later step may overwrite. */
    private final Set<String> ownArrays = new HashSet<>();
    /** fp32 conv/dense layers by node index, for {@link #fuseEpilogues}. */
    private final Map<Integer, PreparedConv> prepared = new HashMap<>();
    /** Node index of a conv -> its step with the BatchNorm/ReLU that follow it applied in its own pass (runs without an observer). */
    private final Map<Integer, Step> fusedSteps = new HashMap<>();
    /** Nodes whose work a fused conv step has done: without an observer they pass their input on. */
    private final Set<Integer> foldedNodes = new HashSet<>();
    /**
     * Per thread, node i's output array of the last run, written over by the next run of that
     * thread (see {@link #forward}): fresh arrays are cache-cold, and on the zoo's small layers
     * allocating an output cost as much as computing it.
     */
    private final ThreadLocal<float[][]> kept;
    /** Values of all nodes' outputs for one image. */
    private final long valuesPerImage;

    private CompiledModel(Graph graph) {
        this.graph = graph;
        this.kept = ThreadLocal.withInitial(() -> new float[graph.nodes().size()][]);
        this.valuesPerImage = graph.nodes().stream().mapToLong(node -> graph.shape(node.name()).size()).sum();
    }

    public static CompiledModel compile(Graph graph, ConvPrimitive primitive, ConvPrimitive fallback) {
        CompiledModel m = new CompiledModel(graph);
        for (Node node : graph.nodes()) {
            Step step = m.compileNode(node, primitive, fallback);
            m.steps.add(step);
            if (step instanceof Overwriting || node.op() instanceof Op.Conv2d || node.op() instanceof Op.Dense) m.ownArrays.add(node.name());
        }
        m.fuseEpilogues();
        return m;
    }

    /**
     * Finds conv -> BatchNorm -> ReLU/ReLU6 chains (either step may be missing) where each
     * intermediate is read by the next step only and is not the output, and gives the conv a step
     * that applies them to each channel as it is written ({@link Epilogue}: the same float
     * operations in the same order, so the same bits). Used only without an observer, which must
     * see every node's own output.
     */
    private void fuseEpilogues() {
        List<Node> nodes = graph.nodes();
        Map<String, Integer> reads = remainingReads();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) index.put(nodes.get(i).name(), i);
        for (var e : prepared.entrySet()) {
            int i = e.getKey();
            Node conv = nodes.get(i);
            int channels = graph.shape(conv.name()).channels();
            Epilogue epilogue = Epilogue.none(channels);
            List<Integer> folded = new ArrayList<>();
            String last = conv.name();
            Node next = soleReader(last, reads);
            if (next != null && next.op() instanceof Op.BatchNorm bn) {
                float[] scale = ElementwiseOps.batchNormScale(bn);
                epilogue = new Epilogue(channels, scale, ElementwiseOps.batchNormShift(bn, scale), Float.NaN);
                folded.add(index.get(next.name()));
                last = next.name();
                next = soleReader(last, reads);
            }
            if (next != null && (next.op() instanceof Op.Relu || next.op() instanceof Op.Relu6)) {
                epilogue = epilogue.thenRelu(next.op() instanceof Op.Relu6 ? 6f : Float.POSITIVE_INFINITY);
                folded.add(index.get(next.name()));
            }
            if (folded.isEmpty()) continue;
            PreparedConv layer = e.getValue();
            Shape in = conv.op() instanceof Op.Dense d ? new Shape(d.in(), 1, 1) : graph.shape(conv.inputs().get(0));
            int h = in.height(), w = in.width();
            Epilogue fusedEpilogue = epilogue;
            fusedSteps.put(i, (Reusing) (x, n, into) -> layer.run(x[0], n, h, w, into, fusedEpilogue));
            foldedNodes.addAll(folded);
        }
    }

    /** The one node that reads {@code name}, when exactly one reading does and {@code name} is not the output; else null. */
    private Node soleReader(String name, Map<String, Integer> reads) {
        if (name.equals(graph.output()) || reads.getOrDefault(name, 0) != 1) return null;
        for (Node node : graph.nodes()) if (node.inputs().contains(name)) return node;
        return null;
    }

    public Graph graph() { return graph; }

    /** Per conv/dense layer: which primitive runs it and why, when it is not the requested one. */
    public List<LayerPlan> plan() { return List.copyOf(plan); }

    /** Runs {@code n} images (NCHW, each of the graph's input shape) and returns the output node's values. */
    public float[] forward(float[] images, int n) {
        return forward(images, n, null);
    }

    public float[] forward(float[] images, int n, ActivationObserver observer) {
        int expected = n * graph.inputShape().size();
        if (images.length != expected) {
            throw new InvalidInputException(ErrorKind.CONFLICT, "expected " + n + " images of " + graph.inputShape() + " (" + expected + " values), got " + images.length);
        }
        List<Node> nodes = graph.nodes();
        Map<String, float[]> values = new HashMap<>();
        Map<String, Integer> remainingReads = remainingReads();
        values.put(nodes.get(0).name(), images);
        if (observer != null) observer.onOutput(nodes.get(0), images, n);
        // an observer may keep the arrays it is shown, so then nothing is overwritten or kept
        float[][] keep = observer == null && (long) n * valuesPerImage <= KEEP_LIMIT_VALUES ? kept.get() : null;
        for (int i = 1; i < nodes.size(); i++) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("inference interrupted");
            Node node = nodes.get(i);
            float[][] in = new float[node.inputs().size()][];
            for (int j = 0; j < in.length; j++) in[j] = values.get(node.inputs().get(j));
            boolean fused = observer == null;
            if (fused && foldedNodes.contains(i)) { // done by the conv before it
                values.put(node.name(), in[0]);
                release(node, values, remainingReads);
                continue;
            }
            Step step = fused ? fusedSteps.getOrDefault(i, steps.get(i)) : steps.get(i);
            boolean keepable = keep != null && !node.name().equals(graph.output());
            float[] out;
            if (step instanceof Overwriting o && observer == null) {
                float[] into = writableInput(node, in, values, remainingReads);
                if (into == null && keepable) into = keep[i] = sized(keep[i], in[0].length);
                out = o.run(in, n, into == null ? new float[in[0].length] : into);
            } else if (step instanceof Reusing r && keepable) {
                out = keep[i] = r.run(in, n, keep[i]);
            } else {
                out = step.run(in, n);
            }
            values.put(node.name(), out);
            if (observer != null) observer.onOutput(node, out, n);
            release(node, values, remainingReads);
        }
        float[] result = values.get(graph.output());
        // the caller owns the result: never one of the arrays the next run writes over (Flatten or an in-place step may pass one on)
        if (keep != null) for (float[] a : keep) if (a == result) return result.clone();
        return result;
    }

    /** Frees the activations nobody reads any more: keeps memory flat on deep graphs. */
    private void release(Node node, Map<String, float[]> values, Map<String, Integer> remainingReads) {
        for (String input : node.inputs()) {
            if (remainingReads.merge(input, -1, Integer::sum) == 0 && !input.equals(graph.output())) values.remove(input);
        }
    }

    private static float[] sized(float[] a, int length) {
        return a != null && a.length == length ? a : new float[length];
    }

    /**
     * An input array of {@code node} made by this run that no other node reads any more, that is
     * not the output and that no other live value shares (Flatten passes its input on); else null.
     */
    private float[] writableInput(Node node, float[][] in, Map<String, float[]> values, Map<String, Integer> remainingReads) {
        for (int j = 0; j < in.length; j++) {
            String name = node.inputs().get(j);
            if (!ownArrays.contains(name) || remainingReads.get(name) != 1 || name.equals(graph.output())
                    || in[j].length != in[0].length) continue;
            float[] candidate = in[j];
            if (values.values().stream().filter(v -> v == candidate).count() == 1) return candidate;
        }
        return null;
    }

    private Map<String, Integer> remainingReads() {
        Map<String, Integer> reads = new HashMap<>();
        for (Node n : graph.nodes()) for (String in : n.inputs()) reads.merge(in, 1, Integer::sum);
        return reads;
    }

    private Step compileNode(Node node, ConvPrimitive primitive, ConvPrimitive fallback) {
        Op op = node.op();
        Shape in = node.inputs().isEmpty() ? null : graph.shape(node.inputs().get(0));
        Shape out = graph.shape(node.name());
        if (op instanceof Op.Input) return (x, n) -> x[0];
        if (op instanceof Op.Conv2d c) return macLayer(node, c.spec(), c.weight(), c.bias(), c.quant(), in, primitive, fallback);
        if (op instanceof Op.Dense d) {
            Shape flat = new Shape(d.in(), 1, 1);
            return macLayer(node, d.spec(), d.weight(), d.bias(), d.quant(), flat, primitive, fallback);
        }
        if (op instanceof Op.Relu) return (Overwriting) (x, n, y) -> ElementwiseOps.relu(x[0], Float.POSITIVE_INFINITY, y);
        if (op instanceof Op.Relu6) return (Overwriting) (x, n, y) -> ElementwiseOps.relu(x[0], 6f, y);
        if (op instanceof Op.Add) return (Overwriting) (x, n, y) -> ElementwiseOps.add(x[0], x[1], y);
        if (op instanceof Op.Mul) {
            Shape factor = graph.shape(node.inputs().get(1));
            return (Overwriting) (x, n, y) -> ElementwiseOps.mul(x[0], x[1], in, factor, n, y);
        }
        if (op instanceof Op.Sigmoid) return (x, n) -> ElementwiseOps.map(x[0], v -> (float) (1.0 / (1.0 + Math.exp(-v))));
        if (op instanceof Op.Reciprocal) return (x, n) -> ElementwiseOps.map(x[0], v -> 1f / v);
        if (op instanceof Op.Tanh) return (x, n) -> ElementwiseOps.map(x[0], v -> (float) Math.tanh(v));
        if (op instanceof Op.HardSigmoid h) return (x, n) -> ElementwiseOps.map(x[0], v -> Math.max(0f, Math.min(1f, h.alpha() * v + h.beta())));
        if (op instanceof Op.Clip c) return (x, n) -> ElementwiseOps.map(x[0], v -> Math.min(Math.max(v, c.min()), c.max()));
        if (op instanceof Op.PRelu p) return (x, n) -> ElementwiseOps.prelu(p.slope(), x[0], in, n);
        if (op instanceof Op.Lrn l) return (x, n) -> ElementwiseOps.lrn(l, x[0], in, n);
        if (op instanceof Op.Select sel) return (x, n) -> ElementwiseOps.select(sel, x[0], in, n);
        if (op instanceof Op.LinearResize r) {
            Op.LinearResize.Taps rows = r.rows(in.height()), cols = r.cols(in.width());
            return (x, n) -> ElementwiseOps.linearResize(rows, cols, x[0], in, n);
        }
        if (op instanceof Op.Concat) {
            Shape[] shapes = node.inputs().stream().map(graph::shape).toArray(Shape[]::new);
            return (x, n) -> ElementwiseOps.concat(x, shapes, n);
        }
        if (op instanceof Op.BatchNorm bn) return (Overwriting) (x, n, y) -> ElementwiseOps.batchNorm(bn, x[0], in, n, y);
        if (op instanceof Op.MaxPool p) return (Reusing) (x, n, into) -> MaxPooling.run(x[0], in, out, n, p, into);
        if (op instanceof Op.AvgPool p) return (x, n) -> ElementwiseOps.pool(x[0], in, out, n, p, false);
        if (op instanceof Op.GlobalAvgPool) return (x, n) -> ElementwiseOps.globalAvgPool(x[0], in, n);
        if (op instanceof Op.Flatten) return (x, n) -> x[0]; // NCHW per image is already C*H*W contiguous
        if (op instanceof Op.Softmax) return (x, n) -> ElementwiseOps.softmax(x[0], n);
        throw new InvalidInputException(ErrorKind.UNSUPPORTED, "no JVM implementation for " + op.kind() + " (node '" + node.name() + "')");
    }

    private Step macLayer(Node node, ConvSpec spec, float[] weight, float[] bias, org.dlas.ir.Int8Params quant,
                          Shape in, ConvPrimitive primitive, ConvPrimitive fallback) {
        Optional<String> reason = primitive.notApplicable(spec);
        ConvPrimitive chosen = reason.isPresent() ? fallback : primitive;
        if (DepthwisePrimitive.takesOver(chosen, spec)) {
            reason = Optional.of(reason.map(r -> r + "; ").orElse("") + DepthwisePrimitive.REASON);
            chosen = DEPTHWISE;
        }
        plan.add(new LayerPlan(node.name(), primitive.name(), chosen.name(), reason.orElse(null), quant != null));
        int h = in.height(), w = in.width();
        if (quant != null) {
            Int8Layer layer = new Int8Layer(spec, quant, bias, chosen);
            return (x, n) -> layer.run(x[0], n, h, w);
        }
        PreparedConv layer = chosen.prepare(spec, weight, bias);
        prepared.put(graph.nodes().indexOf(node), layer);
        return (Reusing) (x, n, into) -> layer.run(x[0], n, h, w, into);
    }
}
