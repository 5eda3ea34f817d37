package org.dlas.onnx;

import static org.dlas.onnx.AttributeProto.ofInt;
import static org.dlas.onnx.AttributeProto.ofInts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlas.ir.Graph;
import org.junit.jupiter.api.Test;

/**
 * If and Loop folded at import (the blocks torch's dynamo exporter writes around shape arithmetic):
 * models built here, checked against ONNX Runtime on the same bytes.
 */
class ControlFlowImportTest {
    private static final ValueInfoProto.Dim N = ValueInfoProto.Dim.symbolic("N");

    private static ValueInfoProto scalar(String name, int type) { return new ValueInfoProto(name, type, List.of()); }

    private static TensorProto bool(String name, boolean v) {
        return new TensorProto(name, new long[0], TensorProto.BOOL, null, new int[] {v ? 1 : 0}, null, null, null, false);
    }

    private static NodeProto node(String op, String name, List<String> in, List<String> out, AttributeProto... attrs) {
        return new NodeProto(in, out, name, op, List.of(attrs));
    }

    /** x -> Conv -> GlobalAveragePool 'g' [N,4,1,1]; the test adds the block that flattens g into 'f' [N,4]. */
    private static ModelBuilder stem(ModelBuilder b) {
        return b.input("x", "N", 3, 6, 6).output("y", "N", 5).weight("w", 4, 3, 3, 3).weight("fc", 5, 4)
                .node("Conv", "conv", List.of("x", "w"), List.of("c"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1))
                .node("GlobalAveragePool", "gap", "c", "g");
    }

    private static ModelBuilder head(ModelBuilder b) {
        return b.node("Gemm", "head", List.of("f", "fc"), List.of("y"), ofInt("transB", 1));
    }

    private static void assertMatchesOrt(ModelBuilder b, Graph g) throws Exception {
        float[] x = TestGraphs.images(g, 2, 17);
        float[] ort = OnnxRuntimeTest.runOrt(b.bytes(), "x", x, new long[] {2, 3, 6, 6});
        double err = TestGraphs.maxAbsDiff(ort, TestGraphs.run(g, x, 2));
        assertTrue(err <= 1e-4, "differs from ONNX Runtime by " + err);
    }

    /**
     * A Loop with a constant trip count whose body multiplies the carried element count by one dim
     * of an activation's Shape per iteration, and scans the dims it read: the target of the Reshape
     * that flattens the pooled tensor is computed by unrolling it.
     */
    @Test void loopWithConstantTripCountUnrollsIntoAReshapeTarget() throws Exception {
        GraphProto body = new GraphProto("body", List.of(
                node("Add", "next", List.of("i", "one"), List.of("axis")),
                node("Gather", "dim", List.of("dims", "axis"), List.of("d")),
                node("Mul", "grow", List.of("count_in", "d"), List.of("count_out")),
                node("Unsqueeze", "as_vector", List.of("d", "zero_axis"), List.of("seen")),
                node("Identity", "again", List.of("cond_in"), List.of("cond_out"))),
                List.of(TensorProto.ofLongs("one", new long[0], new long[] {1})),
                List.of(scalar("i", TensorProto.INT64), scalar("cond_in", TensorProto.BOOL), scalar("count_in", TensorProto.INT64)),
                List.of(scalar("cond_out", TensorProto.BOOL), scalar("count_out", TensorProto.INT64),
                        new ValueInfoProto("seen", TensorProto.INT64, List.of(ValueInfoProto.Dim.of(1)))),
                List.of());
        ModelBuilder b = head(stem(new ModelBuilder(17))
                .init(TensorProto.ofLongs("trips", new long[0], new long[] {3}))
                .init(bool("true", true))
                .init(TensorProto.ofLongs("unit", new long[0], new long[] {1}))
                .init(TensorProto.ofLongs("zero_axis", new long[] {1}, new long[] {0}))
                .init(TensorProto.ofLongs("first", new long[0], new long[] {0}))
                .node("Shape", "shape", "g", "dims")
                .node("Loop", "per_dim", List.of("trips", "true", "unit"), List.of("count", "all_dims"), AttributeProto.ofGraph("body", body))
                .node("Gather", "batch", List.of("dims", "first"), List.of("n"))
                .node("Unsqueeze", "n1", List.of("n", "zero_axis"), List.of("n_vec"))
                .node("Unsqueeze", "c1", List.of("count", "zero_axis"), List.of("count_vec"))
                .node("Concat", "target", List.of("n_vec", "count_vec"), List.of("shape_nc"), ofInt("axis", 0))
                .node("Reshape", "flat", List.of("g", "shape_nc"), List.of("f")));
        Graph g = b.load();
        assertEquals(List.of("Input", "Conv2d", "GlobalAvgPool", "Flatten", "Dense"), g.nodes().stream().map(n -> n.op().kind()).toList());
        assertMatchesOrt(b, g);
    }

    /** If branch: the pooled features {@code g} as rows. */
    private static GraphProto flattenBranch() {
        return new GraphProto("flatten", List.of(node("Flatten", "to_rows", List.of("g"), List.of("rows"))),
                List.of(), List.of(), List.of(new ValueInfoProto("rows", TensorProto.FLOAT, List.of(N, ValueInfoProto.Dim.of(4)))), List.of());
    }

    /** If branch: the pooled features {@code g} through a Sigmoid, as rows. */
    private static GraphProto squashBranch() {
        return new GraphProto("squash", List.of(
                node("Sigmoid", "gate", List.of("g"), List.of("s")),
                node("Flatten", "to_rows", List.of("s"), List.of("rows"))),
                List.of(), List.of(), List.of(new ValueInfoProto("rows", TensorProto.FLOAT, List.of(N, ValueInfoProto.Dim.of(4)))), List.of());
    }

    /** An If whose condition is a constant is the branch it takes; the other branch may hold anything dlas runs. */
    @Test void ifWithAConstantConditionIsTheBranchItTakes() throws Exception {
        for (boolean flag : new boolean[] {true, false}) {
            GraphProto flatten = flattenBranch(), squash = squashBranch();
            ModelBuilder b = head(stem(new ModelBuilder(17)).init(bool("flag", flag))
                    .node("If", "branch", List.of("flag"), List.of("f"), AttributeProto.ofGraph("then_branch", flatten),
                            AttributeProto.ofGraph("else_branch", squash)));
            Graph g = b.load();
            List<String> ops = g.nodes().stream().map(n -> n.op().kind()).toList();
            assertEquals(flag ? List.of("Input", "Conv2d", "GlobalAvgPool", "Flatten", "Dense")
                    : List.of("Input", "Conv2d", "GlobalAvgPool", "Sigmoid", "Flatten", "Dense"), ops);
            assertTrue(g.nodes().stream().anyMatch(n -> n.name().equals(flag ? "branch/then/to_rows" : "branch/else/gate")),
                    "inlined nodes are named after the If and the branch");
            assertMatchesOrt(b, g);
        }
    }

    /** Conditions computed from shapes with every comparison and logic operator fold to a constant, either way. */
    @Test void conditionsComputedFromShapesFold() throws Exception {
        for (long channels : new long[] {4, 5}) {
            GraphProto flatten = flattenBranch(), squash = squashBranch();
            ModelBuilder b = head(stem(new ModelBuilder(17))
                    .init(TensorProto.ofLongs("one", new long[0], new long[] {1}))
                    .init(TensorProto.ofLongs("two", new long[0], new long[] {2}))
                    .init(TensorProto.ofLongs("expected", new long[0], new long[] {channels}))
                    .node("Shape", "shape", "g", "dims")
                    .node("Gather", "ch", List.of("dims", "one"), List.of("ch"))
                    .node("Equal", "eq", List.of("ch", "expected"), List.of("e"))             // 4 == expected
                    .node("Greater", "gt", List.of("ch", "two"), List.of("gt"))               // true
                    .node("Less", "lt", List.of("ch", "two"), List.of("lt"))                  // false
                    .node("GreaterOrEqual", "ge", List.of("ch", "expected"), List.of("ge"))   // 4 >= expected
                    .node("LessOrEqual", "le", List.of("ch", "two"), List.of("le"))           // false
                    .node("Xor", "xr", List.of("e", "lt"), List.of("xr"))
                    .node("Or", "o", List.of("lt", "le"), List.of("o"))
                    .node("Not", "no", "o", "no")
                    .node("And", "a1", List.of("e", "gt"), List.of("a1"))
                    .node("And", "a2", List.of("ge", "xr"), List.of("a2"))
                    .node("And", "a3", List.of("a1", "a2"), List.of("a3"))
                    .node("And", "cond", List.of("a3", "no"), List.of("cond"))
                    .node("If", "branch", List.of("cond"), List.of("f"), AttributeProto.ofGraph("then_branch", flatten),
                            AttributeProto.ofGraph("else_branch", squash)));
            Graph g = b.load();
            boolean sigmoid = g.nodes().stream().anyMatch(n -> n.op().kind().equals("Sigmoid"));
            assertEquals(channels != 4, sigmoid, "the else branch is taken exactly when the channels are not " + channels);
            assertMatchesOrt(b, g);
        }
    }

    /**
     * SplitToSequence of an activation (channels 1+3) mapped by SequenceMap through a Sigmoid and
     * joined again; SplitToSequence of a Shape into scalars picked for the Reshape target.
     */
    @Test void splitToSequenceAndSequenceMap() throws Exception {
        GraphProto squash = new GraphProto("squash", List.of(node("Sigmoid", "gate", List.of("part"), List.of("squashed"))),
                List.of(), List.of(new ValueInfoProto("part", TensorProto.FLOAT, null)),
                List.of(new ValueInfoProto("squashed", TensorProto.FLOAT, null)), List.of());
        ModelBuilder b = new ModelBuilder(17).input("x", "N", 3, 6, 6).output("y", "N", 5).weight("w", 4, 3, 3, 3).weight("fc", 5, 4)
                .init(TensorProto.ofLongs("sizes", new long[] {2}, new long[] {1, 3}))
                .init(TensorProto.ofLongs("first", new long[0], new long[] {0}))
                .init(TensorProto.ofLongs("second", new long[0], new long[] {1}))
                .init(TensorProto.ofLongs("zero_axis", new long[] {1}, new long[] {0}))
                .node("Conv", "conv", List.of("x", "w"), List.of("c"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1))
                .node("SplitToSequence", "parts", List.of("c", "sizes"), List.of("parts"), ofInt("axis", 1))
                .node("SequenceMap", "each", List.of("parts"), List.of("squashed"), AttributeProto.ofGraph("body", squash))
                .node("ConcatFromSequence", "join", List.of("squashed"), List.of("s"), ofInt("axis", 1))
                .node("GlobalAveragePool", "gap", "s", "g")
                .node("Shape", "shape", "g", "dims")
                .node("SplitToSequence", "dim_list", List.of("dims"), List.of("dim_list"), ofInt("keepdims", 0))
                .node("SequenceAt", "n", List.of("dim_list", "first"), List.of("n"))
                .node("SequenceAt", "ch", List.of("dim_list", "second"), List.of("ch"))
                .node("Unsqueeze", "n1", List.of("n", "zero_axis"), List.of("n_vec"))
                .node("Unsqueeze", "ch1", List.of("ch", "zero_axis"), List.of("ch_vec"))
                .node("Concat", "target", List.of("n_vec", "ch_vec"), List.of("shape_nc"), ofInt("axis", 0))
                .node("Reshape", "flat", List.of("g", "shape_nc"), List.of("f"));
        head(b);
        Graph g = b.load();
        assertEquals(2, g.nodes().stream().filter(n -> n.op().kind().equals("Sigmoid")).count(), "one Sigmoid per piece");
        assertMatchesOrt(b, g);
    }

    @Test void aConditionComputedFromTheImageIsRefusedNamingTheNode() {
        GraphProto same = new GraphProto("same", List.of(node("Flatten", "to_rows", List.of("g"), List.of("rows"))),
                List.of(), List.of(), List.of(new ValueInfoProto("rows", TensorProto.FLOAT, null)), List.of());
        ModelBuilder b = head(stem(new ModelBuilder(17))
                .node("If", "by_value", List.of("g"), List.of("f"), AttributeProto.ofGraph("then_branch", same),
                        AttributeProto.ofGraph("else_branch", same)));
        OnnxImportException e = assertThrows(OnnxImportException.class, b::load);
        assertTrue(e.getMessage().contains("If node 'by_value'") && e.getMessage().contains("computed at run time"), e.getMessage());
    }

    @Test void unsupportedOperatorsInsideBodiesAreNamedBeforeImport() {
        GraphProto odd = new GraphProto("odd", List.of(node("Neg", "negate", List.of("g"), List.of("m")),
                node("Flatten", "to_rows", List.of("m"), List.of("rows"))),
                List.of(), List.of(), List.of(new ValueInfoProto("rows", TensorProto.FLOAT, null)), List.of());
        ModelBuilder b = head(stem(new ModelBuilder(17)).init(bool("flag", true))
                .node("If", "branch", List.of("flag"), List.of("f"), AttributeProto.ofGraph("then_branch", odd),
                        AttributeProto.ofGraph("else_branch", odd)));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, b::load);
        assertEquals(List.of("Neg"), e.operators());
        assertTrue(e.getMessage().contains("\n  Neg (opset 17): node 'negate', node 'negate'"), e.getMessage());
    }

    @Test void graphAttributesNestedTooDeepAreRefusedWhileReading() {
        GraphProto leaf = new GraphProto("leaf", List.of(node("Flatten", "to_rows", List.of("g"), List.of("rows"))),
                List.of(), List.of(), List.of(new ValueInfoProto("rows", TensorProto.FLOAT, null)), List.of());
        GraphProto g = leaf;
        for (int depth = 0; depth <= ProtoReader.MAX_GRAPH_DEPTH; depth++) {
            g = new GraphProto("level" + depth, List.of(node("If", "if" + depth, List.of("flag"), List.of("rows"),
                    AttributeProto.ofGraph("then_branch", g), AttributeProto.ofGraph("else_branch", leaf))),
                    List.of(), List.of(), List.of(new ValueInfoProto("rows", TensorProto.FLOAT, null)), List.of());
        }
        byte[] bytes = ProtoWriter.write(new ModelProto(7, List.of(new OperatorSetId("", 17)), "test", "",
                new GraphProto("g", g.nodes(), List.of(bool("flag", true)), List.of(), List.of(), List.of())));
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> ProtoReader.readModel(bytes));
        assertTrue(e.getMessage().contains("nested deeper than " + ProtoReader.MAX_GRAPH_DEPTH), e.getMessage());
    }
}
