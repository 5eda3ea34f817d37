package org.dlas.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.ir.IrException;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * Imports an ONNX model file as a dlas {@link Graph}.
 *
 * <p>Supported operators (default domain, opsets 1 to 21 as far as these operators go):
 * Conv (2-D; group, strides, symmetric pads or auto_pad VALID / SAME_* where that pads
 * symmetrically; dilation 1), Gemm (transA=0, any transB/alpha/beta, bias C per output or scalar)
 * and MatMul (constant right operand; a following Add of a constant becomes the bias) as Dense,
 * BatchNormalization (inference), Relu, Clip(0, 6) as Relu6 and Clip(0, inf) as Relu (min/max as
 * attributes before opset 11, as constant inputs after), MaxPool and AveragePool (rectangular
 * windows, 1-D on [N,C,L], floor rounding, average excludes padding), GlobalAveragePool, Add (equal shapes; a constant added
 * to a Conv/Gemm/MatMul output is folded into its bias), Concat on channels, Flatten and Reshape
 * to [N, -1] as Flatten (reshapes that keep the IR shape are dropped), Softmax over each whole image,
 * Identity and Dropout (dropped), and Constant. Transpose, Reshape, Concat, Shape, Gather,
 * Unsqueeze, Squeeze, Cast, Slice, comparisons and logic are evaluated at import time when they compute on constants
 * (weight preprocessing and the shape arithmetic exporters put in front of Reshape). Split, Slice
 * and Gather of activations, nearest Resize and Upsample become {@link Op.Select}
 * ({@link SelectImporters}); sequence operators are folded ({@link SequenceImporters}), If with a
 * constant condition and Loop with a constant trip count are inlined or unrolled
 * ({@link ControlFlowImporters}); the
 * element-wise and layout operators of real exports are in {@link ElementwiseImporters} and
 * {@link LayoutImporters}; a window larger than its padded input is an error.
 *
 * <p>Weights come from initializers or Constant nodes. The model must have one runtime input of
 * shape [N,C,H,W] (or [N,F], imported as F x 1 x 1) with a batch dimension that may be symbolic;
 * symbolic C/H/W need {@link Options#withInputShape}. Other graph inputs (as in ONNX's node tests,
 * where weights are inputs) can be bound to constants with {@link Options#withConstant}.
 *
 * <p>Before building anything every node is checked, and an {@link UnsupportedOnnxException}
 * names all nodes with unsupported operators at once. Other problems raise an
 * {@link OnnxImportException} naming the node.
 */
public final class OnnxImporter {
    /** ONNX operators the importer maps onto the IR. */
    public static final List<String> SUPPORTED_OPS = List.of("Conv", "Gemm", "MatMul", "Add", "BatchNormalization",
            "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "Concat", "Flatten", "Reshape", "Softmax",
            "Identity", "Dropout", "Constant", "Transpose", "Shape", "Gather", "Unsqueeze", "Squeeze", "Cast", "Slice",
            "Sub", "Mul", "Div", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "LeakyRelu", "PRelu", "LRN", "ReduceMean",
            "CastLike", "Max", "Min", "Pad", "Split", "Resize", "Upsample", "Reciprocal",
            "SequenceEmpty", "SequenceConstruct", "SequenceInsert", "SequenceErase", "SequenceLength", "SequenceAt", "ConcatFromSequence",
            "SplitToSequence", "SequenceMap", "If", "Loop", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Xor");

    /** The most values one input image may have (2^26 floats, 256 MiB): larger dims are a broken or hostile file. */
    public static final long MAX_INPUT_VALUES = 1L << 26;

    private OnnxImporter() { }

    /**
     * Import options.
     *
     * @param inputShape per-image C x H x W of the image input, for models whose input dims are
     *                   symbolic (null: take them from the model)
     * @param constants  graph inputs to treat as constants, by name (e.g. weights fed as inputs)
     * @param output     the graph output to import, for models with several (null: the model's only one)
     */
    public record Options(Shape inputShape, Map<String, TensorProto> constants, String output) {
        public Options {
            constants = Map.copyOf(constants);
        }

        public Options(Shape inputShape, Map<String, TensorProto> constants) { this(inputShape, constants, null); }

        public static Options defaults() { return new Options(null, Map.of()); }

        public Options withInputShape(Shape shape) { return new Options(shape, constants, output); }

        public Options withConstant(String name, TensorProto value) {
            Map<String, TensorProto> m = new HashMap<>(constants);
            m.put(name, value.withName(name));
            return new Options(inputShape, m, output);
        }

        public Options withOutput(String name) { return new Options(inputShape, constants, name); }
    }

    /** Imports the model at {@code path}. */
    public static Graph load(Path path) throws IOException {
        return load(path, Options.defaults());
    }

    public static Graph load(Path path, Options options) throws IOException {
        ModelProto model = read(path);
        String stem = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        return convert(model, model.graph().name().isEmpty() ? stem : model.graph().name(), options);
    }

    /** The newest default-domain opset whose operators the importer knows. */
    public static final long MAX_OPSET = 21;

    /** Parses an ONNX model file (no conversion). */
    public static ModelProto read(Path path) throws IOException {
        byte[] bytes = readBounded(path);
        try {
            return ProtoReader.readModel(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new OnnxImportException(path + " is not a valid ONNX model: " + e.getMessage(), e);
        }
    }

    /**
     * The file's bytes, refused before reading when it is not a regular file or larger than this JVM can parse (a
     * quarter of the heap, at most 1 GiB): a 3 GiB file died with OutOfMemoryError before.
     */
    static byte[] readBounded(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            if (!Files.exists(path)) throw new java.nio.file.NoSuchFileException(path.toString());
            throw new OnnxImportException(path + " is not a regular file; give an .onnx file");
        }
        long limit = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
        long size = Files.size(path);
        if (size > limit) {
            throw new OnnxImportException(path + " is " + size + " bytes; this JVM imports ONNX files up to " + limit
                    + " bytes (a quarter of its heap, at most 1 GiB; more heap: DLAS_JAVA_OPTS=-Xmx...)");
        }
        try (java.io.InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) throw new OnnxImportException(path + " grew past " + limit + " bytes while being read");
            return bytes;
        }
    }

    /** Parses a serialized TensorProto (e.g. the input_0.pb / output_0.pb of ONNX's test data). */
    public static TensorProto readTensor(Path path) throws IOException {
        return ProtoReader.readTensor(readBounded(path));
    }

    /**
     * The nodes whose operators dlas does not support, as "OpType (node 'name')"; empty when every
     * operator is supported.
     */
    public static List<String> unsupportedNodes(ModelProto model) {
        List<String> out = new ArrayList<>();
        for (NodeProto n : allNodes(model.graph())) {
            if (!n.isDefaultDomain() || !SUPPORTED_OPS.contains(n.opType())) out.add(label(n));
        }
        return out;
    }

    /** The graph's nodes and, after each If/Loop, the nodes of its branches or body (recursively). */
    private static List<NodeProto> allNodes(GraphProto g) {
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : g.nodes()) {
            out.add(n);
            for (AttributeProto a : n.attributes()) {
                if (a.g() != null) out.addAll(allNodes(a.g()));
                for (GraphProto sub : a.graphs()) out.addAll(allNodes(sub));
            }
        }
        return out;
    }

    private static String label(NodeProto n) {
        String op = n.isDefaultDomain() ? n.opType() : n.domain() + ":" + n.opType();
        String id = !n.name().isEmpty() ? "node '" + n.name() + "'" : "unnamed node producing '" + String.join("', '", n.outputs()) + "'";
        return op + " (" + id + ")";
    }

    /** Converts a parsed model into a Graph named {@code name}. */
    public static Graph convert(ModelProto model, String name, Options options) {
        GraphProto g = model.graph();
        long opset = model.defaultOpset();
        if (opset > MAX_OPSET) {
            throw new OnnxImportException("the model uses opset " + opset + "; dlas imports opsets 1 to " + MAX_OPSET
                    + " (convert it with onnx.version_converter)");
        }
        if (g.nodes().isEmpty()) throw new OnnxImportException("the graph has no nodes: there is nothing to run");
        checkOperators(g, model.defaultOpset());
        ImportContext ctx = new ImportContext(g, model.defaultOpset());
        for (TensorProto t : g.initializers()) ctx.constants.put(t.name(), t);
        ctx.constants.putAll(options.constants());
        for (ValueInfoProto in : g.inputs()) if (!ctx.constants.containsKey(in.name())) ctx.runtimeInputs.put(in.name(), in);
        addImageInput(ctx, g, options.inputShape());
        for (NodeProto n : g.nodes()) {
            try {
                OpImporters.apply(ctx, n);
            } catch (OnnxImportException e) {
                throw e;
            } catch (IrException | IllegalArgumentException e) {
                throw new OnnxImportException(n.describe() + ": " + e.getMessage(), e);
            }
        }
        List<String> names = g.outputs().stream().map(ValueInfoProto::name).toList();
        if (options.output() != null && !names.contains(options.output())) {
            throw new OnnxImportException("the model has no output '" + options.output() + "'; its outputs are " + names);
        }
        if (options.output() == null && g.outputs().size() != 1) {
            throw new OnnxImportException("the model has " + g.outputs().size() + " outputs " + names + "; dlas graphs have exactly one");
        }
        String out = options.output() != null ? options.output() : names.get(0);
        ImportContext.Val v = ctx.values.get(out);
        if (v == null) {
            throw new OnnxImportException("graph output '" + out + "' is " + (ctx.constants.containsKey(out) ? "a constant" : "not produced by any node"));
        }
        try {
            return new Graph(name, ctx.build(), v.ir());
        } catch (IrException e) {
            throw new OnnxImportException("imported graph is invalid: " + e.getMessage(), e);
        }
    }

    private static void checkOperators(GraphProto g, long opset) {
        List<String> nodes = new ArrayList<>();
        Set<String> ops = new LinkedHashSet<>();
        for (NodeProto n : allNodes(g)) {
            if (!n.isDefaultDomain() || !SUPPORTED_OPS.contains(n.opType())) {
                nodes.add(label(n));
                ops.add(n.isDefaultDomain() ? n.opType() : n.domain() + ":" + n.opType());
            }
        }
        if (!nodes.isEmpty()) throw new UnsupportedOnnxException(List.copyOf(ops), nodes, opset, SUPPORTED_OPS);
    }

    private static void addImageInput(ImportContext ctx, GraphProto g, Shape override) {
        Map<String, ValueInfoProto> runtime = new LinkedHashMap<>();
        for (ValueInfoProto in : g.inputs()) if (ctx.runtimeInputs.containsKey(in.name())) runtime.put(in.name(), in);
        if (runtime.isEmpty()) throw new OnnxImportException("the model has no runtime input (every graph input has an initializer)");
        ValueInfoProto in = runtime.values().iterator().next();
        ctx.imageInput = in.name();
        String what = "input '" + in.name() + "'";
        if (in.elemType() != TensorProto.FLOAT && in.elemType() != TensorProto.UNDEFINED) {
            throw new OnnxImportException(what + " holds " + TensorProto.typeName(in.elemType()) + "; dlas takes float images");
        }
        List<ValueInfoProto.Dim> dims = in.shape();
        if (dims == null) {
            if (override == null) throw new OnnxImportException(what + " has no shape; give one with OnnxImporter.Options.withInputShape");
            dims = List.of(ValueInfoProto.Dim.symbolic("N"), ValueInfoProto.Dim.of(override.channels()),
                    ValueInfoProto.Dim.of(override.height()), ValueInfoProto.Dim.of(override.width()));
        }
        int rank = dims.size();
        if (rank < 2 || rank > 4) {
            throw new OnnxImportException(what + " has dims " + dims + "; dlas takes [N,C,H,W] images, [N,C,L] sequences or [N,F] feature vectors");
        }
        int[] want = override == null ? null : rank == 4 ? new int[] {override.channels(), override.height(), override.width()}
                : rank == 3 ? new int[] {override.channels(), override.width()} : new int[] {override.size()};
        if (override != null && (rank == 2 && (override.height() != 1 || override.width() != 1) || rank == 3 && override.height() != 1)) {
            throw new OnnxImportException(what + " has dims " + dims + " but the given input shape is " + override);
        }
        int[] per = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            ValueInfoProto.Dim d = dims.get(i);
            if (d.known()) {
                if (want != null && want[i - 1] != d.value()) {
                    throw new OnnxImportException(what + " has dims " + dims + ", which contradict the given input shape " + override);
                }
                if (d.value() <= 0 || d.value() > Integer.MAX_VALUE) throw new OnnxImportException(what + " has invalid dims " + dims);
                per[i - 1] = (int) d.value();
            } else if (want != null) {
                per[i - 1] = want[i - 1];
            } else {
                throw new OnnxImportException(what + " has symbolic dims " + dims
                        + "; dlas needs fixed per-image dims: give them with OnnxImporter.Options.withInputShape");
            }
        }
        long values = 1;
        for (int p : per) if (values <= MAX_INPUT_VALUES) values *= p; // stops growing past the cap: never overflows
        if (values > MAX_INPUT_VALUES) {
            throw new OnnxImportException(what + " has dims " + dims + ": " + values + " values per image; dlas takes at most "
                    + MAX_INPUT_VALUES);
        }
        if (dims.get(0).known()) ctx.batch = dims.get(0).value();
        // a sequence [N,C,L] is C x 1 x L
        Op.Input op = rank == 4 ? new Op.Input(per[0], per[1], per[2]) : rank == 3 ? new Op.Input(per[0], 1, per[1]) : new Op.Input(per[0], 1, 1);
        ctx.addInput(in.name(), op, rank);
    }
}
