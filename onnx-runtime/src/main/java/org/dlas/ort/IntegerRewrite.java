package org.dlas.ort;

import java.util.ArrayList;
import java.util.List;

import org.dlas.onnx.AttributeProto;
import org.dlas.onnx.NodeProto;
import org.dlas.onnx.TensorProto;

/**
 * Repair for an int8 layer that spells out dlas's integer arithmetic with ONNX's integer
 * operators: the input quantised with the layer's scale (to uint8 with the zero point shifted by
 * 128, which is the same value grid as dlas's int8), ConvInteger or MatMulInteger accumulating in
 * int32 (ONNX Runtime's CPU ConvInteger takes uint8 only, so the int8 weights are stored shifted
 * by 128 with zero point 128 - the same integers), the int32 bias added, then Cast to fp32 and multiplied by the
 * input scale and by the per-channel weight scale in the order dlas multiplies. The input is
 * quantised as dlas quantises it - multiplied by the fp32 reciprocal of the scale, halves rounded
 * up (Floor of x + 0.5), zero point added, clipped - rather than by QuantizeLinear, which divides
 * and rounds halves to even: the one-ulp and tie differences between the two flip a quantisation
 * step now and then, and one step is a visible error after the layer. The rewrite is then exact
 * except for inputs within an ulp below 0.5 of a rounding boundary, where fp32 x + 0.5 rounds up.
 */
final class IntegerRewrite extends QuantisedLayerRewrite {

    IntegerRewrite() {
        super("integer", "ConvInteger/MatMulInteger with int32 accumulation, quantised and rescaled as dlas does");
    }

    @Override List<NodeProto> rewrite(GraphEdit e, NodeProto layer, QuantisedLayer q, String xScale) {
        String name = q.name();
        int k = q.channels();
        long[] perChannel = q.conv() ? new long[] {k, 1, 1} : new long[] {k};
        List<NodeProto> steps = new ArrayList<>();

        String xZero = e.uint8(name + ".x_zero_point_uint8", new long[0], new byte[] {(byte) (q.quant().inputZeroPoint() + 128)});
        NodeProto quantX = quantiseAsDlas(e, steps, name, layer.input(0), q);

        TensorProto fpWeight = e.initializer(layer.input(1));
        e.removeInitializer(layer.input(1));
        if (!layer.input(2).isEmpty()) e.removeInitializer(layer.input(2));
        String wZero = e.uint8(name + ".weight_zero_point_uint8", new long[0], new byte[] {(byte) 128});
        NodeProto acc;
        if (q.conv()) {
            String w = e.uint8(name + ".weight_uint8", fpWeight.dims(), shifted(q.quant().weights()));
            acc = new NodeProto(List.of(out(quantX), w, xZero, wZero), List.of(e.fresh(name + "/accumulator")),
                    e.fresh(name + "/conv_integer"), "ConvInteger", layer.attributes());
        } else {
            int in = (int) fpWeight.dims()[1];
            String w = e.uint8(name + ".weight_uint8_transposed", new long[] {in, k}, shifted(transpose(q.quant().weights(), k, in)));
            acc = e.op(name + "/matmul_integer", "MatMulInteger", List.of(out(quantX), w, xZero, wZero));
        }
        steps.add(acc);
        NodeProto biased = e.op(name + "/add_bias", "Add", List.of(out(acc), e.int32(name + ".bias_int32", perChannel, q.accumulatorBias())));
        NodeProto asFloat = e.op(name + "/cast", "Cast", List.of(out(biased)), AttributeProto.ofInt("to", TensorProto.FLOAT));
        NodeProto byInputScale = e.op(name + "/times_input_scale", "Mul", List.of(out(asFloat), xScale));
        String wScale = e.floats(name + ".weight_scale", perChannel, q.quant().weightScales());
        NodeProto byWeightScale = new NodeProto(List.of(out(byInputScale), wScale), layer.outputs(), layer.name(), "Mul",
                "", List.of(), "dlas: int8 layer as integer operators (conversion repair)");
        steps.addAll(List.of(biased, asFloat, byInputScale, byWeightScale));
        return steps;
    }

    /** uint8(clip(floor(x * (1 / scale) + 0.5) + zero point + 128, 0, 255)): dlas's int8 value plus 128. */
    private static NodeProto quantiseAsDlas(GraphEdit e, List<NodeProto> steps, String name, String x, QuantisedLayer q) {
        String inverse = e.floats(name + ".x_inverse_scale", new long[0], new float[] {1f / q.quant().inputScale()});
        NodeProto scaled = e.op(name + "/x_times_inverse_scale", "Mul", List.of(x, inverse));
        NodeProto half = e.op(name + "/x_plus_half", "Add", List.of(out(scaled), e.floats(name + ".half", new long[0], new float[] {0.5f})));
        NodeProto rounded = e.op(name + "/x_round_half_up", "Floor", List.of(out(half)));
        NodeProto shifted = e.op(name + "/x_plus_zero_point", "Add", List.of(out(rounded),
                e.floats(name + ".x_zero_point_plus_128", new long[0], new float[] {q.quant().inputZeroPoint() + 128})));
        NodeProto clipped = e.op(name + "/x_clip", "Clip", List.of(out(shifted),
                e.floats(name + ".zero", new long[0], new float[] {0f}), e.floats(name + ".max_uint8", new long[0], new float[] {255f})));
        NodeProto cast = e.op(name + "/x_uint8", "Cast", List.of(out(clipped)), AttributeProto.ofInt("to", TensorProto.UINT8));
        steps.addAll(List.of(scaled, half, rounded, shifted, clipped, cast));
        return cast;
    }

    /** int8 values as uint8 values 128 higher (read back with zero point 128). */
    private static byte[] shifted(byte[] w) {
        byte[] u = new byte[w.length];
        for (int i = 0; i < w.length; i++) u[i] = (byte) (w[i] + 128);
        return u;
    }

    /** [rows][cols] to [cols][rows]. */
    private static byte[] transpose(byte[] w, int rows, int cols) {
        byte[] t = new byte[w.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }
}
