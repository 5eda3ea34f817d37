package org.dlas.onnx;

import static org.dlas.onnx.AttributeProto.ofFloat;
import static org.dlas.onnx.AttributeProto.ofInt;
import static org.dlas.onnx.AttributeProto.ofInts;
import static org.dlas.onnx.AttributeProto.ofString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;
import org.junit.jupiter.api.Test;

/**
 * Import of hand-written ONNX models: the forms real exporters use (Constant-node weights,
 * MatMul + Add, Clip with attributes or inputs, Reshape flattening, symbolic dims) checked against
 * ONNX Runtime on the same file, and clear errors naming the node for what the IR cannot express.
 */
class ImportTest {
    private static void assertMatchesOrt(ModelBuilder b, Graph g, String input, long... shape) throws Exception {
        int n = (int) shape[0];
        float[] x = TestGraphs.images(g, n, 17);
        float[] ort = OnnxRuntimeTest.runOrt(b.bytes(), input, x, shape);
        float[] ours = TestGraphs.run(g, x, n);
        double err = TestGraphs.maxAbsDiff(ort, ours);
        assertTrue(err <= 1e-4, "differs from ONNX Runtime by " + err);
    }

    private static OnnxImportException refused(ModelBuilder b) {
        return assertThrows(OnnxImportException.class, b::load);
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    // ---- forms of real exports --------------------------------------------------------------

    @Test void constantNodeWeightsMatMulAddAndClipAttributes() throws Exception {
        // an old-style export: opset 9, weights in Constant nodes, no initializers, symbolic batch
        ModelBuilder w = new ModelBuilder(9).weight("w", 4, 3, 3, 3).weight("b", 4).weight("m", 36, 5).weight("mb", 5);
        ModelProto tmp = w.model();
        ModelBuilder b = new ModelBuilder(9).input("x", "batch", 3, 5, 5).output("y", "batch", 5);
        for (TensorProto t : tmp.graph().initializers()) {
            b.node("Constant", "const_" + t.name(), List.of(), List.of(t.name()), AttributeProto.ofTensor("value", t));
        }
        b.init(TensorProto.ofLongs("flat_shape", new long[] {2}, new long[] {0, -1}));
        b.node("Conv", "conv", List.of("x", "w", "b"), List.of("c"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1), ofInts("strides", 2, 2))
                .node("Clip", "clip", "c", "r", ofFloat("min", 0f), ofFloat("max", 6f))
                .node("Reshape", "flatten", List.of("r", "flat_shape"), List.of("f"))
                .node("MatMul", "fc", List.of("f", "m"), List.of("mm"))
                .node("Add", "fc_bias", List.of("mm", "mb"), List.of("y"));
        Graph g = b.load();
        assertEquals(List.of("x", "conv", "clip", "flatten", "fc"), g.nodes().stream().map(nd -> nd.name()).toList());
        assertInstanceOf(Op.Relu6.class, g.node("clip").op());
        assertInstanceOf(Op.Flatten.class, g.node("flatten").op());
        Op.Dense fc = (Op.Dense) g.node("fc").op();
        assertEquals(36, fc.in());
        assertEquals(5, fc.bias().length);
        assertEquals(new Shape(3, 5, 5), g.inputShape());
        assertMatchesOrt(b, g, "x", 2, 3, 5, 5);
    }

    @Test void clipFromInputsConvBiasFoldDropoutIdentity() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", "N", 2, 7, 7).output("y", "N", 4, 4, 4)
                .weight("w", 4, 2, 3, 3)
                .init(TensorProto.ofFloats("lo", new long[0], new float[] {0f}))
                .init(TensorProto.ofFloats("hi", new long[0], new float[] {6f}))
                .init(TensorProto.ofFloats("cb", new long[] {1, 4, 1, 1}, new float[] {0.5f, -0.5f, 1f, 2f}));
        b.node("Conv", "conv", List.of("x", "w"), List.of("c"), ofString("auto_pad", "SAME_UPPER"), ofInts("strides", 2, 2), ofInts("kernel_shape", 3, 3))
                .node("Add", "conv_bias", List.of("c", "cb"), List.of("cbias"))
                .node("Dropout", "drop", List.of("cbias"), List.of("d"))
                .node("Clip", "relu6", List.of("d", "lo", "hi"), List.of("r"))
                .node("Identity", "id", "r", "i")
                .node("Clip", "relu", List.of("i", "lo"), List.of("y"));
        Graph g = b.load();
        assertEquals(List.of("x", "conv", "relu6", "relu"), g.nodes().stream().map(nd -> nd.name()).toList());
        Op.Conv2d conv = (Op.Conv2d) g.node("conv").op();
        assertEquals(1, conv.spec().padH()); // SAME_UPPER on 7x7, stride 2, 3x3: total padding 2, 1 on each side
        assertEquals(0.5f, conv.bias()[0]);
        assertInstanceOf(Op.Relu.class, g.node("relu").op());
        assertMatchesOrt(b, g, "x", 2, 2, 7, 7);
    }

    @Test void harmlessAsymmetricPaddingIsAccepted() throws Exception {
        // the extra end padding is never reached by a window: 7 + 0 + 1 - 3 = 5, 5/2 = 2 as for 7 - 3 = 4
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 7, 7).output("y", 1, 2, 3, 3).weight("w", 2, 1, 3, 3)
                .node("Conv", "conv", List.of("x", "w"), List.of("y"), ofInts("pads", 0, 0, 1, 1), ofInts("strides", 2, 2));
        Graph g = b.load();
        assertEquals(0, ((Op.Conv2d) g.node("conv").op()).spec().padH());
        assertMatchesOrt(b, g, "x", 1, 1, 7, 7);
    }

    @Test void poolsGemmSoftmaxAndConcat() throws Exception {
        ModelBuilder b = new ModelBuilder(11).input("x", "N", 3, 8, 8).output("y", "N", 6)
                .weight("w", 5, 6, 1, 1).weight("g", 6, 10).weight("gb", 6);
        b.node("MaxPool", "mp", "x", "p1", ofInts("kernel_shape", 2, 2), ofInts("strides", 2, 2))
                .node("AveragePool", "ap", "x", "p2", ofInts("kernel_shape", 3, 3), ofInts("strides", 2, 2), ofInts("pads", 1, 1, 1, 1))
                .node("Concat", "cat", List.of("p1", "p2"), List.of("cat"), ofInt("axis", 1))
                .node("Conv", "conv", List.of("cat", "w"), List.of("c"))
                .node("GlobalAveragePool", "gap", "c", "gp")
                .node("Add", "twice", List.of("gp", "gp"), List.of("gp2"))
                .node("Flatten", "flat", "gp2", "f")
                .node("Concat", "cat2", List.of("f", "f"), List.of("ff"), ofInt("axis", -1))
                .node("Gemm", "fc", List.of("ff", "g", "gb"), List.of("logits"), ofInt("transB", 1), ofFloat("alpha", 0.5f))
                .node("Softmax", "sm", "logits", "y");
        Graph g = b.load();
        assertEquals(new Op.AvgPool(3, 2, 1), g.node("ap").op());
        assertMatchesOrt(b, g, "x", 3, 3, 8, 8);
    }

    @Test void softmaxOverAWholeImageBeforeOpset13() throws Exception {
        // opset < 13: axis 1 of [N,C,H,W] normalises all C*H*W values of an image, as dlas does
        ModelBuilder b = new ModelBuilder(11).input("x", "N", 2, 3, 3).output("y", "N", 2, 3, 3).node("Softmax", "sm", "x", "y");
        Graph g = b.load();
        assertEquals(new Shape(2, 3, 3), g.outputShape());
        assertMatchesOrt(b, g, "x", 2, 2, 3, 3);
        // opset 13 changed the meaning to one axis: refused for a spatial tensor
        ModelBuilder c = new ModelBuilder(13).input("x", "N", 2, 3, 3).output("y", "N", 2, 3, 3)
                .node("Softmax", "sm", "x", "y", ofInt("axis", 1));
        assertMentions(refused(c), "Softmax node 'sm'", "axis 1 of [N, 2, 3, 3]");
    }

    @Test void symbolicSpatialDimsNeedAnInputShape() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", "N", 3, "H", "W").output("y", "N", 3, "H", "W").node("Relu", "r", "x", "y");
        assertMentions(refused(b), "input 'x'", "symbolic dims [N, 3, H, W]", "withInputShape");
        Graph g = b.load(OnnxImporter.Options.defaults().withInputShape(new Shape(3, 4, 5)));
        assertEquals(new Shape(3, 4, 5), g.inputShape());
        assertMentions(assertThrows(OnnxImportException.class, () -> b.load(OnnxImporter.Options.defaults().withInputShape(new Shape(2, 4, 5)))),
                "contradict");
    }

    @Test void reshapeThatKeepsTheIrShapeIsDropped() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", "N", 6).output("y", "N", 6, 1, 1)
                .init(TensorProto.ofLongs("s", new long[] {4}, new long[] {-1, 6, 1, 1}))
                .node("Reshape", "to4d", List.of("x", "s"), List.of("x4"))
                .node("GlobalAveragePool", "gap", "x4", "y");
        Graph g = b.load();
        assertEquals(List.of("x", "gap"), g.nodes().stream().map(nd -> nd.name()).toList());
        assertMatchesOrt(b, g, "x", 2, 6);
    }

    @Test void shapeArithmeticInFrontOfReshape() throws Exception {
        // x.view(x.size(0), -1) as PyTorch exports it: Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1]))
        for (int opset : new int[] {9, 13}) {
            ModelBuilder b = new ModelBuilder(opset).input("x", "batch", 2, 3, 3).output("y", "batch", 4)
                    .weight("w", 4, 18).weight("wb", 4)
                    .init(TensorProto.ofLongs("zero", new long[0], new long[] {0}))
                    .init(TensorProto.ofLongs("minus1", new long[] {1}, new long[] {-1}))
                    .node("Relu", "act", "x", "a")
                    .node("Shape", "shape", "a", "s")
                    .node("Gather", "batch", List.of("s", "zero"), List.of("n"), ofInt("axis", 0))
                    .node("Cast", "cast", "n", "n64", ofInt("to", TensorProto.INT64));
            if (opset < 13) b.node("Unsqueeze", "unsq", "n64", "n1", ofInts("axes", 0));
            else b.init(TensorProto.ofLongs("axes", new long[] {1}, new long[] {0})).node("Unsqueeze", "unsq", List.of("n64", "axes"), List.of("n1"));
            b.node("Concat", "target", List.of("n1", "minus1"), List.of("shape_nm1"), ofInt("axis", 0))
                    .node("Reshape", "view", List.of("a", "shape_nm1"), List.of("f"))
                    .node("Gemm", "fc", List.of("f", "w", "wb"), List.of("y"), ofInt("transB", 1));
            Graph g = b.load();
            assertEquals(List.of("x", "act", "view", "fc"), g.nodes().stream().map(nd -> nd.name()).toList(), "opset " + opset);
            assertInstanceOf(Op.Flatten.class, g.node("view").op());
            assertMatchesOrt(b, g, "x", 3, 2, 3, 3);
        }
    }

    @Test void constantWeightPreprocessing() throws Exception {
        // Transpose / Reshape / Squeeze / Slice of initializers are evaluated at import
        ModelBuilder b = new ModelBuilder(13).input("x", "N", 6).output("y", "N", 3)
                .weight("wt", 6, 3).weight("b2", 1, 3, 1)
                .init(TensorProto.ofLongs("s", new long[] {1}, new long[] {3}))
                .init(TensorProto.ofLongs("start", new long[] {1}, new long[] {-3}))
                .init(TensorProto.ofLongs("end", new long[] {1}, new long[] {100}))
                .init(TensorProto.ofLongs("sq", new long[] {1}, new long[] {0}))
                .node("Transpose", "t", "wt", "w", ofInts("perm", 1, 0))
                .node("Squeeze", "sq0", List.of("b2", "sq"), List.of("b1"))
                .node("Reshape", "rb", List.of("b1", "s"), List.of("b"))
                .node("Slice", "sl", List.of("b", "start", "end"), List.of("b_tail"))
                .node("Gemm", "fc", List.of("x", "w"), List.of("m"), ofInt("transB", 1))
                .node("Add", "bias", List.of("m", "b_tail"), List.of("y"));
        Graph g = b.load();
        Op.Dense d = (Op.Dense) g.node("fc").op();
        assertEquals(3, d.out());
        assertMatchesOrt(b, g, "x", 2, 6);
    }

    // ---- errors -----------------------------------------------------------------------------

    @Test void everyUnsupportedOperatorIsNamedBeforeAnythingIsBuilt() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("y", 1, 3, 4, 4)
                .node("Relu", "ok", "x", "a")
                .node("Erf", "gate", "a", "b")
                .node("Neg", "scale", List.of("b"), List.of("c"))
                .domainNode("com.microsoft", "FusedConv", "fused", "c", "d")
                .node("Conv", "bad_conv_never_reached", List.of("d", "missing"), List.of("e"))
                .node("Erf", "", "e", "y");
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, b::load);
        assertEquals(List.of("Erf", "Neg", "com.microsoft:FusedConv"), e.operators());
        assertEquals(List.of("Erf (node 'gate')", "Neg (node 'scale')", "com.microsoft:FusedConv (node 'fused')",
                "Erf (unnamed node producing 'y')"), e.nodes());
        assertMentions(e, "4 node(s) with 3 operator(s)", "\n  Erf (opset 13): node 'gate', unnamed node producing 'y'\n",
                "\n  Neg (opset 13): node 'scale'\n", "\n  com.microsoft:FusedConv: node 'fused'\n",
                "Supported operators: " + String.join(", ", OnnxImporter.SUPPORTED_OPS));
        assertEquals(e.nodes(), OnnxImporter.unsupportedNodes(b.model()));
    }

    @Test void asymmetricPadding() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 5, 5).output("y", 1, 1, 4, 4).weight("w", 1, 1, 3, 3)
                .node("Conv", "conv3", List.of("x", "w"), List.of("y"), ofInts("pads", 0, 0, 1, 1));
        assertMentions(refused(b), "Conv node 'conv3'", "asymmetric padding pads=[0, 0, 1, 1]", "symmetric padding only");
    }

    @Test void asymmetricPoolPadding() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 6, 6).output("y", 1, 1, 6, 6)
                .node("MaxPool", "pool", "x", "y", ofInts("kernel_shape", 2, 2), ofInts("pads", 1, 1, 0, 0));
        assertMentions(refused(b), "MaxPool node 'pool'", "asymmetric padding");
    }

    @Test void dilation() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 9, 9).output("y", 1, 1, 5, 5).weight("w", 1, 1, 3, 3)
                .node("Conv", "atrous", List.of("x", "w"), List.of("y"), ofInts("dilations", 2, 2));
        assertMentions(refused(b), "Conv node 'atrous'", "dilations [2, 2]", "dilation 1 only");
    }

    @Test void missingInitializer() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 5, 5).output("y", 1, 2, 3, 3).weight("w", 2, 1, 3, 3)
                .node("Conv", "conv1", List.of("x", "w", "conv1.bias"), List.of("y"));
        assertMentions(refused(b), "Conv node 'conv1'", "bias 'conv1.bias' is missing", "no initializer, Constant node or graph input");
        ModelBuilder g = new ModelBuilder(13).input("x", 1, 4).output("y", 1, 2)
                .node("Gemm", "fc", List.of("x", "fc.weight"), List.of("y"), ofInt("transB", 1));
        assertMentions(refused(g), "Gemm node 'fc'", "weight B 'fc.weight' is missing");
    }

    @Test void weightComputedAtRunTime() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 4).output("y", 1, 4)
                .node("Relu", "r", "x", "w")
                .node("MatMul", "mm", List.of("x", "w"), List.of("y"));
        assertMentions(refused(b), "MatMul node 'mm'", "weight B 'w' is computed by the graph");
    }

    @Test void clipThatIsNoRelu() throws Exception {
        ModelBuilder b = new ModelBuilder(6).input("x", 1, 4).output("y", 1, 4)
                .node("Clip", "clamp", "x", "y", ofFloat("min", -1f), ofFloat("max", 1f));
        Graph g = b.load();
        assertEquals(new Op.Clip(-1f, 1f), g.node("clamp").op());
        assertMatchesOrt(b, g, "x", 1, 4);
    }

    /**
     * A MobileNetV3 block as exporters write it: HardSwish as x * Clip(x + 3, 0, 6) / 6 and as
     * the opset-14 operator, squeeze-and-excitation (Mul by a per-channel gate), input
     * normalisation (Sub/Div by per-channel constants), PRelu, Sub of activations, ReduceMean with
     * keepdims=0 into a Gemm, Squeeze/Unsqueeze/CastLike views.
     */
    @Test void mobileNetV3Block() throws Exception {
        ModelBuilder b = new ModelBuilder(15).input("x", "N", 3, 6, 6).output("y", "N", 2)
                .init(TensorProto.ofFloats("mean", new long[] {1, 3, 1, 1}, new float[] {0.4f, 0.5f, 0.6f}))
                .init(TensorProto.ofFloats("std", new long[] {3, 1, 1}, new float[] {0.2f, 0.25f, 0.3f}))
                .init(TensorProto.ofFloats("three", new long[0], new float[] {3f}))
                .init(TensorProto.ofFloats("zero", new long[0], new float[] {0f}))
                .init(TensorProto.ofFloats("six", new long[0], new float[] {6f}))
                .init(TensorProto.ofFloats("slope", new long[] {4, 1, 1}, new float[] {0.1f, -0.2f, 0.3f, 0.25f}))
                .init(TensorProto.ofLongs("hw", new long[] {2}, new long[] {2, 3}))
                .weight("w1", 4, 3, 3, 3).weight("w2", 4, 1, 1, 1).weight("w3", 4, 4, 1, 1).weight("fc", 2, 4)
                .node("Sub", "centre", List.of("x", "mean"), List.of("xc"))
                .node("Div", "scale", List.of("xc", "std"), List.of("xn"))
                .node("Conv", "c1", List.of("xn", "w1"), List.of("a"), ofInts("pads", 1, 1, 1, 1))
                .node("Add", "plus3", List.of("a", "three"), List.of("a3"))
                .node("Clip", "clip", List.of("a3", "zero", "six"), List.of("a6"))
                .node("Mul", "times", List.of("a", "a6"), List.of("am"))
                .node("Div", "over6", List.of("am", "six"), List.of("hs1"))
                .node("HardSwish", "hswish", "hs1", "hs2")
                .node("GlobalAveragePool", "squeeze_pool", "hs2", "p")
                .node("Conv", "excite", List.of("p", "w2"), List.of("e"), ofInt("group", 4))
                .node("HardSigmoid", "gate", "e", "gt", ofFloat("alpha", 0.2f), ofFloat("beta", 0.5f))
                .node("Mul", "se", List.of("gt", "hs2"), List.of("s"))
                .node("Conv", "c3", List.of("s", "w3"), List.of("t"))
                .node("PRelu", "prelu", List.of("t", "slope"), List.of("u"))
                .node("Sub", "diff", List.of("u", "s"), List.of("v"))
                .node("LeakyRelu", "leaky", "v", "lv", ofFloat("alpha", 0.1f))
                .node("ReduceMean", "mean_hw", "lv", "m", ofInts("axes", 2, 3), ofInt("keepdims", 0))
                .node("Unsqueeze", "un", List.of("m", "hw"), List.of("m4"))
                .node("Squeeze", "sq", List.of("m4", "hw"), List.of("m2"))
                .node("CastLike", "like", List.of("m2", "zero"), List.of("mc"))
                .node("Gemm", "head", List.of("mc", "fc"), List.of("z"), ofInt("transB", 1))
                .node("Sigmoid", "sig", "z", "zs")
                .node("Tanh", "y_tanh", "zs", "y");
        Graph g = b.load();
        assertMatchesOrt(b, g, "x", 4, 3, 6, 6);
        // the re-export runs in ONNX Runtime too, and imports back to the same graph
        float[] x = TestGraphs.images(g, 4, 5);
        float[] again = OnnxRuntimeTest.runOrt(OnnxExporter.toBytes(g), g.nodes().get(0).name(), x, new long[] {4, 3, 6, 6});
        assertTrue(TestGraphs.maxAbsDiff(TestGraphs.run(g, x, 4), again) <= 1e-5);
        TestGraphs.assertSameGraph(g, OnnxImporter.convert(OnnxExporter.toModel(g), g.name(), OnnxImporter.Options.defaults()));
    }

    @Test void addOfActivationsThatDoNotBroadcast() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("y", 1, 3, 4, 4).weight("w", 2, 3, 1, 1)
                .node("Conv", "c", List.of("x", "w"), List.of("c"), ofInts("kernel_shape", 1, 1))
                .node("Add", "bcast", List.of("x", "c"), List.of("y"));
        assertMentions(refused(b), "Add node 'bcast'", "[N, 3, 4, 4] and [N, 2, 4, 4]", "neither match nor are 1");
    }

    @Test void constantAddThatCannotBeFoldedIsAnAffineBatchNorm() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("y", 1, 3, 4, 4)
                .init(TensorProto.ofFloats("k", new long[0], new float[] {1f}))
                .node("Relu", "r", "x", "a")
                .node("Add", "plus1", List.of("a", "k"), List.of("y"));
        Graph g = b.load();
        Op.BatchNorm bn = (Op.BatchNorm) g.node("plus1").op();
        assertArrayEquals(new float[] {1f, 1f, 1f}, bn.beta());
        assertEquals(0f, bn.eps());
        assertMatchesOrt(b, g, "x", 1, 3, 4, 4);
    }

    /** An explicit zero Pad (opset 11 form, pads as an input) before a Conv folds into the conv's padding. */
    @Test void zeroPadFoldsIntoTheConv() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 2, 5, 6).output("y", 1, 3, 5, 8).weight("w", 3, 2, 3, 3)
                .init(TensorProto.ofLongs("pads", new long[] {8}, new long[] {0, 0, 1, 2, 0, 0, 1, 2}))
                .node("Pad", "pad", List.of("x", "pads"), List.of("p"))
                .node("Conv", "conv", List.of("p", "w"), List.of("y"));
        Graph g = b.load();
        org.dlas.kernels.ConvSpec s = ((Op.Conv2d) g.node("conv").op()).spec();
        assertEquals(1, s.padH());
        assertEquals(2, s.padW());
        assertMatchesOrt(b, g, "x", 1, 2, 5, 6);

        ModelBuilder relu = new ModelBuilder(13).input("x", 1, 2, 5, 6).output("y", 1, 2, 7, 10)
                .init(TensorProto.ofLongs("pads", new long[] {8}, new long[] {0, 0, 1, 2, 0, 0, 1, 2}))
                .node("Pad", "pad", List.of("x", "pads"), List.of("p"))
                .node("Relu", "r", "p", "y");
        assertMentions(refused(relu), "Pad node 'pad'", "read by Relu node 'r'", "only into a following Conv");
    }

    @Test void constantThatBroadcastsAlongWidthIsRefused() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("y", 1, 3, 4, 4)
                .init(TensorProto.ofFloats("k", new long[] {4}, new float[] {1f, 2f, 3f, 4f}))
                .node("Mul", "times", List.of("x", "k"), List.of("y"));
        assertMentions(refused(b), "Mul node 'times'", "dims [4]", "one value per channel");
    }

    @Test void concatOnAnotherAxis() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("y", 1, 3, 8, 4)
                .node("Concat", "rows", List.of("x", "x"), List.of("y"), ofInt("axis", 2));
        assertMentions(refused(b), "Concat node 'rows'", "axis 2", "channels (axis 1) only");
    }

    @Test void reshapeThatRearrangesAnImage() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("z", 1, 12, 2, 2)
                .init(TensorProto.ofLongs("s", new long[] {4}, new long[] {1, 12, 2, 2}))
                .node("Reshape", "fold", List.of("x", "s"), List.of("y"))
                .node("Relu", "r", "y", "z");
        // of the graph input (nothing else reads it) it only relabels the input's dims
        assertEquals(new Shape(12, 2, 2), b.load().inputShape());
        ModelBuilder mid = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("z", 1, 12, 2, 2)
                .init(TensorProto.ofLongs("s", new long[] {4}, new long[] {1, 12, 2, 2}))
                .node("Relu", "r", "x", "y")
                .node("Reshape", "fold", List.of("y", "s"), List.of("f"))
                .node("Relu", "r2", "f", "z");
        assertMentions(refused(mid), "Reshape node 'fold'", "cannot rearrange");
        ModelBuilder c = new ModelBuilder(13).input("x", "N", 3, 4, 4).output("y", 3, -1)
                .init(TensorProto.ofLongs("s", new long[] {2}, new long[] {3, -1}))
                .node("Reshape", "mix", List.of("x", "s"), List.of("y"));
        assertMentions(refused(c), "Reshape node 'mix'", "batch dimension");
    }

    @Test void shapeOperatorOnActivation() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 4).output("y", 4, 1)
                .node("Transpose", "tr", "x", "y");
        assertMentions(refused(b), "Transpose node 'tr'", "perm (reversed)", "cannot move values between axes");
    }

    @Test void channelMismatch() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 6, 4, 4).output("y", 1, 5, 4, 4).weight("w", 5, 3, 1, 1)
                .node("Conv", "c", List.of("x", "w"), List.of("y"));
        assertMentions(refused(b), "Conv node 'c'", "input has 6 channels", "group=1 expects 3");
    }

    @Test void secondRuntimeInput() {
        ModelBuilder b = new ModelBuilder(13).input("a", 1, 3, 2, 2).input("b", 1, 3, 2, 2).output("y", 1, 3, 2, 2)
                .node("Add", "sum", List.of("a", "b"), List.of("y"));
        assertMentions(refused(b), "Add node 'sum'", "second graph input", "'b'");
    }

    @Test void oneOutputOnly() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3).output("y", 1, 3).output("z", 1, 3)
                .node("Relu", "r", "x", "y").node("Softmax", "s", "x", "z");
        assertMentions(refused(b), "2 outputs [y, z]");
    }

    @Test void sequenceInputIsChannelsByOneByLength() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4).output("y", 1, 3, 4).node("Relu", "r", "x", "y");
        assertEquals(new Shape(3, 1, 4), b.load().inputShape());
    }

    @Test void fiveDimensionalInput() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4, 4).output("y", 1, 3, 4, 4, 4).node("Relu", "r", "x", "y");
        assertMentions(refused(b), "input 'x'", "[1, 3, 4, 4, 4]", "[N,C,H,W]");
    }

    @Test void hugeDeclaredDimension() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 1_000_000, 1_000_000).output("y", 1, 3, 1_000_000, 1_000_000)
                .node("Relu", "r", "x", "y");
        assertMentions(refused(b), "input 'x'", "3000000000000 values per image; dlas takes at most");
    }

    @Test void gemmWithTransposedActivation() {
        ModelBuilder b = new ModelBuilder(13).input("x", 4, 1).output("y", 1, 2).weight("w", 4, 2)
                .node("Gemm", "fc", List.of("x", "w"), List.of("y"), ofInt("transA", 1));
        assertMentions(refused(b), "Gemm node 'fc'", "transA=1");
    }

    @Test void unsupportedAutoPad() {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 4, 4).output("y", 1, 1, 4, 4)
                .node("MaxPool", "mp", "x", "y", ofInts("kernel_shape", 2, 2), ofString("auto_pad", "SAME_UPPER"));
        assertMentions(refused(b), "MaxPool node 'mp'", "asymmetric padding", "auto_pad=SAME_UPPER on a 4x4 input");
    }

    /**
     * The sequence block torch's dynamo exporter writes to build a Reshape target (SequenceEmpty,
     * SequenceInsert of shape pieces, ConcatFromSequence), plus a SequenceConstruct of pooled
     * branches edited with negative positions (SequenceInsert, SequenceErase), joined by
     * ConcatFromSequence along channels and read back with SequenceAt. Checked
     * against ONNX Runtime on the same file.
     */
    @Test void sequencesFoldIntoShapesConcatsAndAliases() throws Exception {
        ModelBuilder b = new ModelBuilder(17).input("x", 1, 3, 6, 6).output("y", 1, 5)
                .weight("w", 4, 3, 3, 3)
                .init(TensorProto.ofLongs("batch", new long[] {1}, new long[] {1}))
                .init(TensorProto.ofLongs("minus1", new long[] {1}, new long[] {-1}))
                .init(TensorProto.ofLongs("front", new long[0], new long[] {0}))
                .init(TensorProto.ofLongs("first", new long[0], new long[] {0}))
                .init(TensorProto.ofLongs("last", new long[0], new long[] {-1}))
                .init(TensorProto.ofLongs("minus3", new long[0], new long[] {-3}))
                .weight("fc", 5, 8)
                .node("Conv", "conv", List.of("x", "w"), List.of("c"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1))
                .node("GlobalAveragePool", "gap", "c", "g")
                .node("MaxPool", "mp", "c", "m6", ofInts("kernel_shape", 6, 6))
                .node("Sigmoid", "squash", "g", "sg")
                .node("SequenceConstruct", "pair", List.of("g", "m6"), List.of("branches"))
                .node("SequenceInsert", "third", List.of("branches", "sg", "last"), List.of("three")) // before the last: [g, sg, m6]
                .node("SequenceErase", "drop", List.of("three", "minus3"), List.of("kept"))           // the first: [sg, m6]
                .node("ConcatFromSequence", "join", List.of("kept"), List.of("both"), ofInt("axis", 1))
                .node("SequenceEmpty", "empty", List.of(), List.of("s0"), ofInt("dtype", TensorProto.INT64))
                .node("SequenceInsert", "ins1", List.of("s0", "minus1"), List.of("s1"))
                .node("SequenceInsert", "ins0", List.of("s1", "batch", "front"), List.of("s2"))
                .node("ConcatFromSequence", "shape", List.of("s2"), List.of("target"), ofInt("axis", 0))
                .node("Reshape", "flat", List.of("both", "target"), List.of("f"))
                .node("SequenceConstruct", "one", List.of("f"), List.of("single"))
                .node("SequenceAt", "pick", List.of("single", "first"), List.of("f2"))
                .node("Gemm", "head", List.of("f2", "fc"), List.of("y"), ofInt("transB", 1));
        Graph g = b.load();
        List<String> ops = g.nodes().stream().map(n -> n.op().kind()).toList();
        assertEquals(List.of("Input", "Conv2d", "GlobalAvgPool", "MaxPool", "Sigmoid", "Concat", "Flatten", "Dense"), ops);
        assertEquals(List.of("squash", "mp"), g.node("join").inputs(), "negative positions count back from the sequence's length");
        assertMatchesOrt(b, g, "x", 1, 3, 6, 6);
    }

    /**
     * Arithmetic of two activations with ONNX broadcasting: a one-channel spatial map against all
     * channels (Mul, Sub, Div), a per-channel vector against the image (Add with it first, Div by
     * it), checked against ONNX Runtime.
     */
    @Test void broadcastingBetweenActivations() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 5, 6).output("y", 1, 4)
                .weight("wc", 4, 3, 3, 3).weight("ws", 1, 3, 3, 3).weight("fc", 4, 120)
                .node("Conv", "c", List.of("x", "wc"), List.of("c"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1))
                .node("Conv", "s", List.of("x", "ws"), List.of("s"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1))
                .node("Sigmoid", "map", "s", "map")                                   // [1,1,5,6]
                .node("Mul", "attend", List.of("c", "map"), List.of("m"))            // over channels
                .node("GlobalAveragePool", "gap", "c", "p")                          // [1,4,1,1]
                .node("Sigmoid", "gate", "p", "gate")
                .node("Div", "scale", List.of("m", "gate"), List.of("d"))            // by one value per channel
                .node("Add", "shift", List.of("p", "d"), List.of("e"))               // per-channel first
                .node("Sub", "centre", List.of("map", "e"), List.of("f"))            // one channel minus four
                .node("Div", "norm", List.of("f", "map"), List.of("g"))              // four channels by one
                .node("Flatten", "flat", "g", "h")
                .node("Gemm", "head", List.of("h", "fc"), List.of("y"), ofInt("transB", 1));
        Graph g = b.load();
        long selects = g.nodes().stream().filter(n -> n.op() instanceof Op.Select).count();
        long reciprocals = g.nodes().stream().filter(n -> n.op() instanceof Op.Reciprocal).count();
        assertEquals(4, selects, "map expanded for attend, sub and norm; p for shift");
        assertEquals(2, reciprocals);
        assertMatchesOrt(b, g, "x", 1, 3, 5, 6);
        // and dlas's own export of the lowered graph runs the same in ONNX Runtime
        float[] x = TestGraphs.images(g, 1, 3);
        double err = TestGraphs.maxAbsDiff(TestGraphs.run(g, x, 1), OnnxRuntimeTest.runOrt(OnnxExporter.toBytes(g), "x", x, new long[] {1, 3, 5, 6}));
        assertTrue(err <= 1e-4, "re-export differs by " + err);
    }

    /** ShuffleNet's channel shuffle as PyTorch writes it (view, transpose(1, 2), view back) is one Select of channels. */
    @Test void channelShuffleIsOneSelect() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 3, 4, 4).output("y", 1, 5)
                .weight("w", 6, 3, 3, 3).weight("pw", 6, 6, 1, 1).weight("fc", 5, 6)
                .init(TensorProto.ofLongs("grouped", new long[] {5}, new long[] {1, 2, 3, 4, 4}))
                .init(TensorProto.ofLongs("back", new long[] {4}, new long[] {1, -1, 4, 4}))
                .node("Conv", "c", List.of("x", "w"), List.of("c"), ofInts("kernel_shape", 3, 3), ofInts("pads", 1, 1, 1, 1))
                .node("Reshape", "view", List.of("c", "grouped"), List.of("v"))
                .node("Transpose", "swap", "v", "t", ofInts("perm", 0, 2, 1, 3, 4))
                .node("Reshape", "shuffle", List.of("t", "back"), List.of("s"))
                .node("Conv", "mix", List.of("s", "pw"), List.of("m"), ofInts("kernel_shape", 1, 1))
                .node("GlobalAveragePool", "gap", "m", "g")
                .node("Flatten", "flat", "g", "f")
                .node("Gemm", "head", List.of("f", "fc"), List.of("y"), ofInt("transB", 1));
        Graph g = b.load();
        Op.Select shuffle = (Op.Select) g.node("shuffle").op();
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, shuffle.channels(), "groups of 3 interleaved");
        assertMatchesOrt(b, g, "x", 1, 3, 4, 4);
        ModelBuilder misuse = new ModelBuilder(13).input("x", 1, 6, 4, 4).output("y", 1, 2, 3, 4, 4)
                .init(TensorProto.ofLongs("grouped", new long[] {5}, new long[] {1, 2, 3, 4, 4}))
                .node("Reshape", "view", List.of("x", "grouped"), List.of("v"))
                .node("Relu", "act", "v", "y");
        assertMentions(refused(misuse), "Relu node 'act'", "a 5-D view", "channel shuffle");
    }

    @Test void nonSquarePool() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 1, 1, 4, 4).output("y", 1, 1, 3, 4)
                .node("MaxPool", "mp", "x", "y", ofInts("kernel_shape", 2, 1));
        Graph g = b.load();
        assertEquals(new Op.MaxPool(2, 1, 1, 1, 0, 0), g.node("mp").op());
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) x[i] = (i * 7) % 16; // rows are not sorted
        float[] y = TestGraphs.run(g, x, 1);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) assertEquals(Math.max(x[i * 4 + j], x[(i + 1) * 4 + j]), y[i * 4 + j]);
        assertMatchesOrt(b, g, "x", 1, 1, 4, 4);
    }

    @Test void bindingGraphInputsAsConstants() throws Exception {
        ModelBuilder b = new ModelBuilder(13).input("x", 2, 5).input("W", 3, 5).output("y", 2, 3)
                .node("Gemm", "fc", List.of("x", "W"), List.of("y"), ofInt("transB", 1));
        assertMentions(refused(b), "Gemm node 'fc'", "weight B 'W' is a graph input", "Options.withConstant");
        float[] w = new float[15];
        for (int i = 0; i < w.length; i++) w[i] = i;
        Graph g = b.load(OnnxImporter.Options.defaults().withConstant("W", TensorProto.ofFloats("", new long[] {3, 5}, w)));
        Op.Dense d = (Op.Dense) g.node("fc").op();
        assertEquals(5, d.in());
        assertNull(d.bias());
        assertEquals(7f, d.weight()[7]);
    }
}
