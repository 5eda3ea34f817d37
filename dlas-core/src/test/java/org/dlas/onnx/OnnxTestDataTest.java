package org.dlas.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.dlas.ir.Graph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models produced by other tools: ONNX's backend node tests (written by onnx's Python tooling) and
 * PyTorch exports, from Debian's libonnx-testdata. Each is imported, run through CompiledModel on
 * the shipped input and compared with the shipped output; the imported graph is also exported
 * again and run in ONNX Runtime. Graph inputs after the first (weights that node tests feed as
 * inputs) are bound to their shipped values as constants.
 */
class OnnxTestDataTest {
    static final double TOL = 1e-4;
    private static final Map<String, double[]> ERRORS = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {
        "node/test_basic_conv_with_padding", "node/test_basic_conv_without_padding",
        "node/test_conv_with_strides_padding", "node/test_conv_with_strides_no_padding",
        "node/test_conv_with_strides_and_asymmetric_padding", "node/test_conv_with_autopad_same",
        "node/test_maxpool_2d_default", "node/test_maxpool_2d_pads", "node/test_maxpool_2d_strides",
        "node/test_maxpool_2d_precomputed_pads", "node/test_maxpool_2d_precomputed_strides",
        "node/test_maxpool_2d_precomputed_same_upper",
        "node/test_averagepool_2d_default", "node/test_averagepool_2d_pads", "node/test_averagepool_2d_strides",
        "node/test_averagepool_2d_precomputed_pads", "node/test_averagepool_2d_precomputed_strides",
        "node/test_averagepool_2d_precomputed_same_upper",
        "node/test_globalaveragepool", "node/test_globalaveragepool_precomputed",
        "node/test_batchnorm_example", "node/test_batchnorm_epsilon",
        "node/test_softmax_example", "node/test_softmax_large_number",
        "node/test_flatten_axis1", "node/test_flatten_default_axis", "node/test_flatten_negative_axis3",
        "node/test_gemm_default_vector_bias", "node/test_gemm_default_scalar_bias", "node/test_gemm_default_no_bias",
        "node/test_gemm_default_single_elem_vector_bias", "node/test_gemm_default_zero_bias",
        "node/test_gemm_alpha", "node/test_gemm_beta", "node/test_gemm_transposeB",
        "node/test_matmul_2d", "node/test_identity",
        "simple/test_single_relu_model",
        "pytorch-converted/test_Conv2d", "pytorch-converted/test_Conv2d_depthwise",
        "pytorch-converted/test_Conv2d_depthwise_padded", "pytorch-converted/test_Conv2d_depthwise_strided",
        "pytorch-converted/test_Conv2d_depthwise_with_multiplier", "pytorch-converted/test_Conv2d_groups",
        "pytorch-converted/test_Conv2d_groups_thnn", "pytorch-converted/test_Conv2d_no_bias",
        "pytorch-converted/test_Conv2d_padding", "pytorch-converted/test_Conv2d_strided",
        "pytorch-converted/test_AvgPool2d", "pytorch-converted/test_AvgPool2d_stride",
        "pytorch-converted/test_MaxPool2d", "pytorch-converted/test_BatchNorm2d_eval",
        "pytorch-converted/test_BatchNorm2d_momentum_eval", "pytorch-converted/test_ReLU",
        "pytorch-converted/test_Softmax", "pytorch-converted/test_softmax_lastdim",
        "pytorch-converted/test_Linear", "pytorch-converted/test_Linear_no_bias",
        "pytorch-operator/test_operator_conv", "pytorch-operator/test_operator_flatten",
        // element-wise operators lowered onto the IR (sequence inputs [N,C,L] import as C x 1 x L)
        "node/test_sigmoid", "node/test_tanh", "node/test_hardsigmoid", "node/test_hardsigmoid_default",
        "node/test_hardswish", "node/test_hardswish_expanded", "node/test_leakyrelu", "node/test_leakyrelu_default",
        "node/test_clip", "node/test_clip_default_min", "node/test_clip_default_max",
        "node/test_lrn", "node/test_lrn_default", "node/test_dropout_default",
        "pytorch-converted/test_PReLU_2d", "pytorch-converted/test_PReLU_2d_multiparam",
        "pytorch-converted/test_PReLU_1d", "pytorch-converted/test_PReLU_1d_multiparam",
        "pytorch-converted/test_LeakyReLU", "pytorch-converted/test_LeakyReLU_with_negval",
        "pytorch-converted/test_Sigmoid", "pytorch-converted/test_Tanh", "node/test_reciprocal",
    })
    void matchesShippedOutput(String model) throws Exception {
        check(model, 0);
    }

    /** Split, Slice, Gather, Resize and Upsample (Select; LinearResize for mode linear); a model with several outputs is checked per output. */
    @ParameterizedTest
    @ValueSource(strings = {
        // (the other split, slice and gather node tests have 1-D inputs, slice the batch axis or gather with 2-D indices)
        "node/test_split_equal_parts_2d", "node/test_split_variable_parts_2d",
        "node/test_slice_neg", "node/test_slice_end_out_of_bounds", "node/test_gather_1",
        "node/test_resize_upsample_scales_nearest", "node/test_resize_downsample_scales_nearest",
        "node/test_resize_upsample_sizes_nearest", "node/test_resize_downsample_sizes_nearest",
        "node/test_resize_upsample_sizes_nearest_ceil_half_pixel", "node/test_resize_upsample_sizes_nearest_floor_align_corners",
        "node/test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric",
        "node/test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn", "node/test_upsample_nearest",
        "node/test_resize_upsample_scales_linear", "node/test_resize_downsample_scales_linear",
        "node/test_resize_upsample_scales_linear_align_corners",
        "node/test_resize_downsample_sizes_linear_pytorch_half_pixel",
        // 1-D pooling of [N,C,L] is a 1 x k window
        "node/test_averagepool_1d_default", "node/test_maxpool_1d_default",
    })
    void selectionsMatchShippedOutputs(String model) throws Exception {
        ModelProto proto = OnnxImporter.read(OnnxTestData.model(model).resolve("model.onnx"));
        for (int i = 0; i < proto.graph().outputs().size(); i++) check(model, i);
    }

    private static void check(String model, int output) throws Exception {
        Path dir = OnnxTestData.model(model);
        ModelProto proto = OnnxImporter.read(dir.resolve("model.onnx"));
        List<TensorProto> inputs = OnnxTestData.inputs(dir);
        // test data feeds the graph inputs that have no initializer, in order
        List<String> runtime = proto.graph().inputs().stream().map(ValueInfoProto::name)
                .filter(n -> proto.graph().initializers().stream().noneMatch(t -> t.name().equals(n))).toList();
        OnnxImporter.Options options = OnnxImporter.Options.defaults();
        for (int i = 1; i < inputs.size(); i++) options = options.withConstant(runtime.get(i), inputs.get(i));
        if (proto.graph().outputs().size() > 1) {
            options = options.withOutput(proto.graph().outputs().get(output).name());
            model = model + "#" + output;
        }
        Graph g = OnnxImporter.convert(proto, model, options);

        TensorProto x = inputs.get(0);
        int n = (int) x.dims()[0];
        float[] expected = OnnxTestData.output(dir, output).floats();
        float[] ours = TestGraphs.run(g, x.floats(), n);
        double err = TestGraphs.maxAbsDiff(expected, ours);

        // the same graph exported by dlas and run by ONNX Runtime
        long[] shape = x.dims().length == 2 ? new long[] {n, x.dims()[1], 1, 1}
                : x.dims().length == 3 ? new long[] {n, x.dims()[1], 1, x.dims()[2]} : x.dims();
        float[] ort = OnnxRuntimeTest.runOrt(OnnxExporter.toBytes(g), g.nodes().get(0).name(), x.floats(), shape);
        double ortErr = TestGraphs.maxAbsDiff(expected, ort);
        ERRORS.put(model, new double[] {err, ortErr});
        assertTrue(err <= TOL, model + ": CompiledModel differs from the shipped output by " + err);
        assertTrue(ortErr <= TOL, model + ": dlas's re-export in ONNX Runtime differs from the shipped output by " + ortErr);
    }

    @AfterAll
    static void report() {
        if (ERRORS.isEmpty()) return;
        StringBuilder b = new StringBuilder("libonnx-testdata max |error| (CompiledModel, re-export in ONNX Runtime):\n");
        new TreeMap<>(ERRORS).forEach((k, v) -> b.append(String.format("  %-60s %.3g  %.3g%n", k, v[0], v[1])));
        System.out.print(b);
    }

    // ---- models dlas must refuse, with the reason -------------------------------------------

    private static OnnxImportException refused(String model) throws Exception {
        Path dir = OnnxTestData.model(model);
        return assertThrows(OnnxImportException.class, () -> OnnxImporter.load(dir.resolve("model.onnx")));
    }

    /** The message refusing {@code model} when its inputs after the first are bound to the test's values as constants. */
    private static String refusedWithConstantInputs(String model) throws Exception {
        Path dir = OnnxTestData.model(model);
        ModelProto proto = OnnxImporter.read(dir.resolve("model.onnx"));
        List<TensorProto> in = OnnxTestData.inputs(dir);
        List<String> names = proto.graph().inputs().stream().map(ValueInfoProto::name).toList();
        OnnxImporter.Options options = OnnxImporter.Options.defaults();
        for (int i = 1; i < in.size(); i++) options = options.withConstant(names.get(i), in.get(i));
        OnnxImporter.Options o = options;
        return assertThrows(OnnxImportException.class, () -> OnnxImporter.convert(proto, model, o)).getMessage();
    }

    @Test void unsupportedOperatorsAreAllNamed() throws Exception {
        UnsupportedOnnxException e = (UnsupportedOnnxException) refused("pytorch-operator/test_operator_params");
        assertEquals(List.of("Neg"), e.operators());
        for (String s : List.of("\n  Neg (opset ", "): unnamed node producing '6'\n", "Supported operators: Conv")) {
            assertTrue(e.getMessage().contains(s), e.getMessage());
        }
        assertTrue(!e.getMessage().contains("Mul ("), "Mul is supported: " + e.getMessage());
    }

    /** Loop and If carry their bodies as graph attributes, which the decoder does not read: named before anything runs. */
    /**
     * ONNX's If/Loop node tests feed the condition and trip count as graph inputs, computed at run
     * time: dlas folds control flow only on constants, so they are refused at that input (a bool or
     * int64 tensor where dlas takes the image). Folding itself is tested in ControlFlowImportTest.
     */
    @Test void controlFlowOnRuntimeInputsIsRefusedAtThatInput() throws Exception {
        for (String model : List.of("node/test_loop11", "node/test_if")) {
            String m = refused(model).getMessage();
            String input = model.endsWith("loop11") ? "input 'trip_count' holds int64" : "input 'cond' holds bool";
            assertTrue(m.contains(input) && m.contains("dlas takes float images"), m);
        }
    }

    @Test void broadcastAlongTheLastAxisIsRefused() throws Exception {
        Path dir = OnnxTestData.model("node/test_add_bcast");
        ModelProto proto = OnnxImporter.read(dir.resolve("model.onnx"));
        OnnxImporter.Options options = OnnxImporter.Options.defaults().withConstant("y", OnnxTestData.inputs(dir).get(1));
        String m = assertThrows(OnnxImportException.class, () -> OnnxImporter.convert(proto, "bcast", options)).getMessage();
        assertTrue(m.contains("Add node producing 'sum'") && m.contains("one value per channel"), m);
    }

    @Test void reduceMeanOverOneSpatialAxisIsRefused() throws Exception {
        String m = refused("pytorch-operator/test_operator_reduced_mean_keepdim").getMessage();
        assertTrue(m.contains("ReduceMean node producing '1'") && m.contains("axes [2]"), m);
    }

    @Test void selectionsAcrossImagesOrOfNothingAreRefused() throws Exception {
        for (String model : List.of("node/test_slice", "node/test_slice_start_out_of_bounds", "node/test_gather_2d_indices")) {
            String m = refusedWithConstantInputs(model);
            String why = model.endsWith("_slice") ? "slices the batch axis" : model.contains("bounds") ? "would be empty" : "1-D indices only";
            assertTrue(m.contains(why), model + ": " + m);
        }
    }

    /**
     * Downsampling by 0.6 with align_corners: ONNX's reference (the shipped output) divides by the
     * unfloored resized length 4 * 0.6 - 1; ONNX Runtime 1.20 divides by the output length 2 - 1 and
     * gives 4.0 where the reference gives 3.142857. dlas follows the reference.
     */
    @Test void linearDownsamplingWithAlignedCornersFollowsOnnxsReference() throws Exception {
        Path dir = OnnxTestData.model("node/test_resize_downsample_scales_linear_align_corners");
        ModelProto proto = OnnxImporter.read(dir.resolve("model.onnx"));
        List<TensorProto> in = OnnxTestData.inputs(dir);
        Graph g = OnnxImporter.convert(proto, "ac", OnnxImporter.Options.defaults().withConstant(proto.graph().inputs().get(1).name(), in.get(1)));
        float[] ours = TestGraphs.run(g, in.get(0).floats(), 1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(OnnxTestData.output(dir).floats(), ours, 1e-6f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, 3.142857f}, ours, 1e-6f);
    }

    @Test void resizeCubicIsRefused() throws Exception {
        for (String model : List.of("node/test_resize_downsample_scales_cubic", "node/test_resize_upsample_scales_cubic")) {
            String m = refusedWithConstantInputs(model);
            assertTrue(m.contains("Resize node") && m.contains("with mode 'nearest' or 'linear'"), model + ": " + m);
        }
    }

    @Test void dilatedConvolution() throws Exception {
        String m = refused("pytorch-converted/test_Conv2d_dilated").getMessage();
        assertTrue(m.contains("Conv node producing '3'") && m.contains("dilations [2, 2]"), m);
    }

    @Test void dilatedPooling() throws Exception {
        String m = refused("node/test_maxpool_2d_dilations").getMessage();
        assertTrue(m.contains("MaxPool node producing 'y'") && m.contains("dilations"), m);
    }

    @Test void asymmetricSamePadding() throws Exception {
        String m = refused("node/test_averagepool_2d_same_upper").getMessage();
        assertTrue(m.contains("AveragePool node producing 'y'") && m.contains("asymmetric padding") && m.contains("SAME_UPPER"), m);
    }

    @Test void countIncludePad() throws Exception {
        String m = refused("node/test_averagepool_2d_pads_count_include_pad").getMessage();
        assertTrue(m.contains("count_include_pad=1"), m);
    }

    @Test void ceilMode() throws Exception {
        String m = refused("node/test_maxpool_2d_ceil").getMessage();
        assertTrue(m.contains("ceil_mode=1"), m);
    }

    @Test void softmaxOverPartOfTheImage() throws Exception {
        String m = refused("pytorch-converted/test_softmax_functional_dim3").getMessage();
        assertTrue(m.contains("Softmax node producing '1'") && m.contains("axis 3"), m);
    }

    @Test void weightFedAsGraphInput() throws Exception {
        String m = refused("node/test_conv_with_strides_padding").getMessage();
        assertTrue(m.contains("Conv node producing 'y'") && m.contains("weight 'W' is a graph input"), m);
    }
}
