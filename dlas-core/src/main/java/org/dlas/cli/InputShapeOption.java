package org.dlas.cli;

import picocli.CommandLine.Option;

import org.dlas.ir.Shape;

/** The {@code --input-shape} option of the commands that take ONNX files, whose input dims may be symbolic. */
public final class InputShapeOption {
    @Option(names = "--input-shape", paramLabel = "CxHxW", description = "per-image input dims of an ONNX file whose dims are symbolic")
    String inputShape;

    /** The given per-image shape, or null when none is given. */
    public Shape shape() { return ModelArgument.parseShape(inputShape); }
}
