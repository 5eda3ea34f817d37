package org.dlas.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * State of one import: which IR node (and ONNX rank) each ONNX tensor name stands for, the
 * constants, and the IR nodes built so far (mutable until the end, so that a following Add can be
 * folded into a bias and Flatten-Softmax-Reshape back into one Softmax).
 *
 * <p>An ONNX activation of rank 4 [N,C,H,W] is an IR node of shape CxHxW; one of rank 2 [N,F] an
 * IR node of F values (normally Fx1x1; a Flatten the exporter inserted in front of a Gemm is a
 * rank-2 view of the unflattened node, read only by Gemm/MatMul).
 */
final class ImportContext {
    /** An ONNX activation tensor: the IR node holding its values and its ONNX rank (2 or 4). */
    record Val(String ir, int rank) { }

    /** An IR node under construction. */
    static final class IrNode {
        final String name;
        Op op;
        List<String> inputs;
        Shape shape;
        /** The ONNX tensor this node's value currently carries (updated when a bias Add is folded in). */
        String onnxOutput;
        boolean removed;

        IrNode(String name, Op op, List<String> inputs, Shape shape, String onnxOutput) {
            this.name = name;
            this.op = op;
            this.inputs = inputs;
            this.shape = shape;
            this.onnxOutput = onnxOutput;
        }
    }

    /** The symbolic batch size where it appears in a folded shape tensor (Shape of an activation). */
    static final long BATCH = Long.MIN_VALUE;

    final long opset;
    final Map<String, TensorProto> constants = new HashMap<>();
    final Map<String, Val> values = new HashMap<>();
    final Map<String, ValueInfoProto> runtimeInputs = new HashMap<>();
    final Set<String> graphOutputs = new HashSet<>();
    final Map<String, List<NodeProto>> readers = new HashMap<>();
    final List<IrNode> nodes = new ArrayList<>();
    private final Map<String, IrNode> byName = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    String imageInput;
    /** Tensors that are a zero Pad of their value: (top/bottom, left/right) still to be added by the Conv reading them. */
    final Map<String, int[]> zeroPadded = new HashMap<>();
    /** Sequences (SequenceEmpty, SequenceInsert...): what each holds, constants (TensorProto) or activations (Val). */
    final Map<String, List<Object>> sequences = new HashMap<>();
    /**
     * 5-D views [N, a, b, H, W] of a 4-D activation, as a channel shuffle writes them (Reshape,
     * Transpose(0,2,1,3,4), Reshape back): the view's (a, b) and the source channel of each channel
     * of its flattening.
     */
    final Map<String, int[]> viewGroups = new HashMap<>(), viewOrder = new HashMap<>();
    /** Outputs of Gathers the exporter wrote as inner steps of one Select (merged into the next Gather). */
    final Set<String> implicitSelects = new HashSet<>();
    /** The batch size when the model fixes it, else null. */
    Long batch;
    /** Body nodes If and Loop have imported so far (bounded by {@link ControlFlowImporters#MAX_INLINED_NODES}). */
    int inlinedNodes;

    ImportContext(GraphProto g, long opset) {
        this.opset = opset;
        for (NodeProto n : g.nodes()) {
            for (String in : n.inputs()) if (!in.isEmpty()) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            for (String in : outerNames(n)) readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
        for (ValueInfoProto o : g.outputs()) graphOutputs.add(o.name());
    }

    /** The tensors of the enclosing graphs that {@code n}'s subgraphs (If branches, Loop body) read. */
    static Set<String> outerNames(NodeProto n) {
        Set<String> out = new HashSet<>();
        for (AttributeProto a : n.attributes()) {
            if (a.g() != null) out.addAll(freeNames(a.g()));
            for (GraphProto g : a.graphs()) out.addAll(freeNames(g));
        }
        return out;
    }

    private static Set<String> freeNames(GraphProto g) {
        Set<String> read = new HashSet<>();
        for (NodeProto n : g.nodes()) {
            for (String in : n.inputs()) if (!in.isEmpty()) read.add(in);
            read.addAll(outerNames(n));
        }
        for (ValueInfoProto o : g.outputs()) read.add(o.name());
        read.removeAll(definedNames(g));
        return read;
    }

    /** The names a graph defines itself: its inputs, initializers and node outputs. */
    static Set<String> definedNames(GraphProto g) {
        Set<String> defined = new HashSet<>();
        for (ValueInfoProto v : g.inputs()) defined.add(v.name());
        for (TensorProto t : g.initializers()) defined.add(t.name());
        for (NodeProto n : g.nodes()) defined.addAll(n.outputs());
        return defined;
    }

    // ---- errors and attributes -------------------------------------------------------------

    static OnnxImportException error(NodeProto n, String message) {
        return new OnnxImportException(n.describe() + ": " + message);
    }

    static long attrInt(NodeProto n, String name, long def) {
        AttributeProto a = n.attribute(name).orElse(null);
        if (a == null) return def;
        if (a.type() != AttributeProto.INT) throw error(n, "attribute " + name + " should be an int, is " + a.typeName());
        return a.i();
    }

    static float attrFloat(NodeProto n, String name, float def) {
        AttributeProto a = n.attribute(name).orElse(null);
        if (a == null) return def;
        if (a.type() != AttributeProto.FLOAT) throw error(n, "attribute " + name + " should be a float, is " + a.typeName());
        return a.f();
    }

    static String attrString(NodeProto n, String name, String def) {
        AttributeProto a = n.attribute(name).orElse(null);
        if (a == null) return def;
        if (a.type() != AttributeProto.STRING) throw error(n, "attribute " + name + " should be a string, is " + a.typeName());
        return a.string();
    }

    static long[] attrInts(NodeProto n, String name, long[] def) {
        AttributeProto a = n.attribute(name).orElse(null);
        if (a == null) return def;
        if (a.type() != AttributeProto.INTS) throw error(n, "attribute " + name + " should be a list of ints, is " + a.typeName());
        return a.ints();
    }

    // ---- tensors -----------------------------------------------------------------------------

    /** The activation read by input {@code i} of {@code n}. */
    Val data(NodeProto n, int i) {
        String t = n.input(i);
        if (t.isEmpty()) throw error(n, "input " + i + " is missing");
        Val v = values.get(t);
        if (v != null) {
            if (v.rank() == 5 && !n.opType().equals("Reshape") && !n.opType().equals("Transpose")) {
                throw error(n, "reads '" + t + "', a 5-D view of an image; dlas takes such views only in a channel shuffle"
                        + " (Reshape to [N,g,C/g,H,W], Transpose(0,2,1,3,4), Reshape back)");
            }
            if (zeroPadded.containsKey(t) && !n.opType().equals("Conv")) {
                throw error(n, "reads '" + t + "', the output of a zero Pad; dlas folds Pad only into the padding of the Conv that reads it");
            }
            return v;
        }
        if (constants.containsKey(t)) {
            throw error(n, "input " + i + " '" + t + "' is a constant (initializer or Constant node); dlas applies "
                    + n.opType() + " to activations computed from the image input only");
        }
        if (runtimeInputs.containsKey(t)) {
            throw error(n, "reads '" + t + "', a second graph input besides the image input '" + imageInput
                    + "'; dlas models take one image input (bind the others to constants with OnnxImporter.Options.withConstant)");
        }
        throw error(n, "reads '" + t + "', which no earlier node, initializer, Constant node or graph input defines");
    }

    /** The constant read by input {@code i} of {@code n} (null when optional and omitted). */
    TensorProto constant(NodeProto n, int i, String role, boolean optional) {
        String t = n.input(i);
        if (t.isEmpty()) {
            if (optional) return null;
            throw error(n, "has no " + role + " input");
        }
        TensorProto c = constants.get(t);
        if (c != null) return c;
        if (runtimeInputs.containsKey(t)) {
            throw error(n, role + " '" + t + "' is a graph input, not an initializer or Constant node; dlas needs constant "
                    + "weights (a missing initializer? bind it with OnnxImporter.Options.withConstant)");
        }
        if (values.containsKey(t)) {
            throw error(n, role + " '" + t + "' is computed by the graph at run time; dlas needs it as an initializer or Constant node");
        }
        throw error(n, role + " '" + t + "' is missing: no initializer, Constant node or graph input has that name");
    }

    /** Float values of a constant, with errors naming the node. */
    static float[] floats(NodeProto n, TensorProto t, String role) {
        switch (t.dataType()) {
            case TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16, TensorProto.BFLOAT16 -> { }
            default -> throw error(n, role + " '" + t.name() + "' holds " + TensorProto.typeName(t.dataType()) + ", not floats");
        }
        try {
            return t.floats();
        } catch (IllegalArgumentException e) {
            throw error(n, role + ": " + e.getMessage());
        }
    }

    static long[] longs(NodeProto n, TensorProto t, String role) {
        try {
            return t.longs();
        } catch (IllegalArgumentException e) {
            throw error(n, role + ": " + e.getMessage());
        }
    }

    /** Value of a one-element float constant. */
    static float scalar(NodeProto n, TensorProto t, String role) {
        if (t.elementCount() != 1) throw error(n, role + " '" + t.name() + "' should be a scalar, has dims " + Arrays.toString(t.dims()));
        return floats(n, t, role)[0];
    }

    Shape shape(Val v) { return node(v.ir()).shape; }

    /** Per-image ONNX dims of an activation: [C, H, W] at rank 4, [C, L] at rank 3 (C x 1 x L), [F] at rank 2. */
    int[] perImageDims(Val v) {
        Shape s = shape(v);
        return v.rank() == 4 ? new int[] {s.channels(), s.height(), s.width()}
                : v.rank() == 3 ? new int[] {s.channels(), s.height() * s.width()} : new int[] {s.size()};
    }

    /** Dims as the ONNX model sees them, with N for the batch, for messages. */
    String onnxDims(Val v) {
        StringBuilder b = new StringBuilder("[N");
        for (int d : perImageDims(v)) b.append(", ").append(d);
        return b.append(']').toString();
    }

    /** Number of readers of an ONNX tensor, counting a graph output as one. */
    int readerCount(String tensor) {
        return readers.getOrDefault(tensor, List.of()).size() + (graphOutputs.contains(tensor) ? 1 : 0);
    }

    // ---- IR nodes ----------------------------------------------------------------------------

    IrNode node(String irName) { return byName.get(irName); }

    /** Reserves an IR node name: the ONNX node name when set, else its first output; made unique. */
    String reserveName(String preferred) {
        String base = preferred == null || preferred.isEmpty() ? "node" : preferred;
        String name = base;
        for (int i = 1; usedNames.contains(name); i++) name = base + "_" + i;
        usedNames.add(name);
        return name;
    }

    void addInput(String name, Op.Input op, int rank) {
        reserveName(name);
        IrNode node = new IrNode(name, op, List.of(), new Shape(op.channels(), op.height(), op.width()), name);
        nodes.add(node);
        byName.put(name, node);
        values.put(name, new Val(name, rank));
    }

    /** Appends an IR node for ONNX node {@code n}; its first output becomes an activation of {@code rank}. */
    String emit(NodeProto n, Op op, List<String> irInputs, Shape shape, int rank) {
        if (shape.channels() <= 0 || shape.height() <= 0 || shape.width() <= 0) throw error(n, "output shape " + shape + " is empty");
        String out = n.outputs().isEmpty() ? "" : n.outputs().get(0);
        String name = reserveName(!n.name().isEmpty() ? n.name() : out);
        IrNode node = new IrNode(name, op, new ArrayList<>(irInputs), shape, out);
        nodes.add(node);
        byName.put(name, node);
        values.put(out, new Val(name, rank));
        return name;
    }

    /**
     * Appends an IR node that is an intermediate step of ONNX node {@code n} (no ONNX tensor holds
     * its value), named after the node with {@code suffix}; returns its IR name.
     */
    String emitHidden(NodeProto n, String suffix, Op op, List<String> irInputs, Shape shape) {
        String base = !n.name().isEmpty() ? n.name() : n.outputs().get(0);
        String name = reserveName(base + "/" + suffix);
        IrNode node = new IrNode(name, op, new ArrayList<>(irInputs), shape, "");
        nodes.add(node);
        byName.put(name, node);
        return name;
    }

    /** The ONNX output of {@code n} carries the same values as {@code v} (no IR node). */
    void alias(NodeProto n, Val v) {
        values.put(n.outputs().get(0), v);
    }

    List<Node> build() {
        List<Node> out = new ArrayList<>();
        for (IrNode n : nodes) if (!n.removed) out.add(new Node(n.name, n.op, n.inputs));
        return out;
    }
}
