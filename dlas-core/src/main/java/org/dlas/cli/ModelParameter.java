package org.dlas.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

/**
 * The required MODEL argument (see {@link ModelArgument}) and {@code --input-shape} of the commands
 * that build or search for one model (explore, tune); {@link ModelOptions} is the optional form.
 */
public final class ModelParameter {
    @Parameters(index = "0", paramLabel = "MODEL", description = "zoo model (trained on Fashion-MNIST, e.g. resnet, lenet), standard architecture or .onnx file")
    String model;

    @Mixin InputShapeOption inputShape;

    public String name() { return model; }

    /** The per-image input shape given for an ONNX file, or null. */
    public org.dlas.ir.Shape shape() { return inputShape.shape(); }

    /** The model's graph; a bad name or file throws IllegalArgumentException with its one-line reason. */
    public Graph load() throws Exception { return ModelArgument.load(model, ModelZoo.DEFAULT_DATASET, shape()); }
}
