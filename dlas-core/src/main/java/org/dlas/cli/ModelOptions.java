package org.dlas.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;

/**
 * The MODEL argument and {@code --input-shape} option shared by the robustness commands: a zoo
 * model, a standard architecture or an .onnx file (see {@link ModelArgument}).
 */
public final class ModelOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "zoo model, standard architecture or .onnx file (default: ${DEFAULT-VALUE})")
    String model = "lenet";

    @Mixin InputShapeOption inputShape;

    public String model() { return model; }

    /** A short name for output folders. */
    public String stem() { return ModelArgument.stem(model); }

    /** The model's graph, or null after printing the one-line reason to {@code err}. */
    public Graph load(PrintWriter err) throws Exception {
        try {
            return ModelArgument.load(model, ModelZoo.DEFAULT_DATASET, inputShape.shape());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return null;
        }
    }
}
