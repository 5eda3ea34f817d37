package org.dlas.ort;

import java.util.ArrayList;
import java.util.List;

import org.dlas.onnx.AttributeProto;
import org.dlas.onnx.NodeProto;
import org.dlas.onnx.TensorProto;

/**
 * Repair for an int8 layer that the exporter wrote as an fp32 layer: its Conv/Gemm node gets
 * QuantizeLinear/DequantizeLinear (QDQ) pairs carrying the layer's own quantisation - the input
 * quantised per tensor with the calibrated scale and zero point, the int8 weights dequantised per
 * output channel, the bias as the int32 values dlas adds to its accumulator - the standard ONNX
 * form of a quantised layer. ONNX Runtime then computes the same quantised values, but sums the
 * dequantised products in fp32 where dlas sums int32 and rescales once, so the result is equal only
 * up to fp32 rounding (and QuantizeLinear rounds halves to even where dlas rounds them up).
 */
final class QdqRewrite extends QuantisedLayerRewrite {

    QdqRewrite() {
        super("QDQ", "QuantizeLinear/DequantizeLinear pairs on the layer's input, weights and bias");
    }

    @Override List<NodeProto> rewrite(GraphEdit e, NodeProto layer, QuantisedLayer q, String xScale) {
        String name = q.name();
        long k = q.channels();
        List<NodeProto> replacement = new ArrayList<>();

        String xZero = e.int8(name + ".x_zero_point", new long[0], new byte[] {(byte) q.quant().inputZeroPoint()});
        NodeProto quantX = e.op(name + "/quantize_x", "QuantizeLinear", List.of(layer.input(0), xScale, xZero));
        NodeProto dequantX = e.op(name + "/dequantize_x", "DequantizeLinear", List.of(out(quantX), xScale, xZero));
        replacement.addAll(List.of(quantX, dequantX));

        TensorProto fpWeight = e.initializer(layer.input(1));
        String w = e.int8(name + ".weight_int8", fpWeight.dims(), q.quant().weights());
        String wScale = e.floats(name + ".weight_scale", new long[] {k}, q.quant().weightScales());
        String wZero = e.int8(name + ".weight_zero_point", new long[] {k}, new byte[(int) k]);
        NodeProto dequantW = e.op(name + "/dequantize_weight", "DequantizeLinear", List.of(w, wScale, wZero), AttributeProto.ofInt("axis", 0));
        replacement.add(dequantW);
        e.removeInitializer(layer.input(1));

        List<String> inputs = new ArrayList<>(List.of(out(dequantX), out(dequantW)));
        if (!layer.input(2).isEmpty()) {
            String b = e.int32(name + ".bias_int32", new long[] {k}, q.accumulatorBias());
            String bScale = e.floats(name + ".bias_scale", new long[] {k}, q.accumulatorScales());
            String bZero = e.int32(name + ".bias_zero_point", new long[] {k}, new int[(int) k]);
            NodeProto dequantB = e.op(name + "/dequantize_bias", "DequantizeLinear", List.of(b, bScale, bZero), AttributeProto.ofInt("axis", 0));
            replacement.add(dequantB);
            inputs.add(out(dequantB));
            e.removeInitializer(layer.input(2));
        }
        replacement.add(new NodeProto(inputs, layer.outputs(), layer.name(), layer.opType(), layer.domain(), layer.attributes(),
                "dlas: int8 layer in QDQ form (conversion repair)"));
        return replacement;
    }
}
