package org.dlas.bench;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.ir.Node;
import org.dlas.ir.Op;
import org.dlas.ir.Shape;

/**
 * A benchmark layer as a dlas IR graph of one input and one fp32 layer, with {@link BenchData}'s
 * weights and bias: what {@link TvmConvKernelBenchmark} hands to TVM. Fully connected layers
 * become {@code Dense} (TVM's sparse kernels take only those), all others {@code Conv2d}.
 */
final class OneLayerGraph {
    static final String INPUT = "input";
    static final String LAYER = "layer";

    private OneLayerGraph() {}

    static Graph of(Layers.Layer layer, float[] weights) {
        Op.Input input = new Op.Input(layer.spec().inChannels(), layer.inH(), layer.inW());
        float[] bias = BenchData.bias(layer);
        Op op = TvmApplicability.isDense(layer)
                ? new Op.Dense(layer.spec().inChannels(), layer.spec().outChannels(), weights, bias, null)
                : new Op.Conv2d(layer.spec(), weights, bias, null);
        return new Graph(layer.name(), List.of(Node.of(INPUT, input), Node.of(LAYER, op, INPUT)), LAYER);
    }

    /** The input shape of one image. */
    static Shape inputShape(Layers.Layer layer) {
        return new Shape(layer.spec().inChannels(), layer.inH(), layer.inW());
    }
}
