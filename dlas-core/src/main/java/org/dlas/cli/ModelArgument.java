package org.dlas.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Shape;
import org.dlas.models.ModelZoo;
import org.dlas.models.StandardArchitectures;
import org.dlas.onnx.OnnxImportException;
import org.dlas.onnx.OnnxImporter;
import org.dlas.sweep.ModelSource;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * A MODEL argument of the command line: a zoo name, or the path of an ONNX file (imported; symbolic
 * input dims bound by {@code --input-shape}). Every problem is an {@link IllegalArgumentException}
 * whose message names the model and says what would be accepted.
 */
public final class ModelArgument {
    private ModelArgument() { }

    /** Whether {@code model} names a file rather than a zoo model. */
    public static boolean isFile(String model) {
        return model.endsWith(".onnx") || model.contains("/") || Files.isRegularFile(Path.of(model));
    }

    public static Graph load(String model, String dataset, Shape inputShape) throws Exception {
        if (!isFile(model)) {
            if (StandardArchitectures.names().contains(model)) return StandardArchitectures.build(model, ModelSource.UNTRAINED_SEED);
            if (!ModelZoo.names().contains(model)) {
                throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown model '" + model + "'; accepted: a zoo model (" + String.join(", ", ModelZoo.names())
                        + "), a standard architecture, untrained (" + String.join(", ", StandardArchitectures.names()) + ") or the path of an .onnx file");
            }
            if (inputShape != null) throw new InvalidInputException(ErrorKind.CONFLICT, "--input-shape applies to ONNX files only; zoo model " + model + " has its own");
            return ModelZoo.trained(model, dataset);
        }
        Path file = Path.of(model);
        if (!Files.isRegularFile(file)) throw new InvalidInputException(ErrorKind.MISSING, model + ": no such file");
        OnnxImporter.Options options = OnnxImporter.Options.defaults();
        if (inputShape != null) options = options.withInputShape(inputShape);
        try {
            return OnnxImporter.load(file, options);
        } catch (OnnxImportException e) {
            String hint = inputShape == null && e.getMessage().contains("symbolic dims") ? " (here: --input-shape CxHxW)" : "";
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, model + ": " + e.getMessage() + hint, e);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, model + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
    }

    /** A short name for output folders: the zoo name, or the file name without .onnx. */
    public static String stem(String model) {
        return isFile(model) ? Path.of(model).getFileName().toString().replaceFirst("\\.onnx$", "") : model;
    }

    /**
     * A name for things cached per model (tuning databases): the zoo or architecture name, or for a
     * file its stem, the start of its content's SHA-256 (a replaced file is a new model) and the
     * bound input shape, if any.
     */
    public static String cacheName(String model, Shape inputShape) {
        if (!isFile(model)) return model;
        try {
            String name = stem(model) + "-" + ModelSource.sha256(Path.of(model)).substring(0, 12);
            return inputShape == null ? name : name + "-" + inputShape;
        } catch (java.io.IOException e) {
            throw new InvalidInputException(ErrorKind.MISSING, model + ": not readable (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code model} names a model {@link #load} knows (zoo, architecture) or an existing file; reads nothing. */
    public static boolean isModel(String model) {
        return isFile(model) ? Files.isRegularFile(Path.of(model)) : ModelZoo.names().contains(model) || StandardArchitectures.names().contains(model);
    }

    /**
     * The images {@code g} is tested on: {@code count} of {@code data} when they fit its input and
     * classes, else seeded synthetic inputs (uniform in [-1, 1], every label 0: label differences
     * between environments are meaningful, accuracy is not), named so that reports say so.
     */
    public static Dataset inputsFor(Graph g, Dataset data, int count, long seed) {
        Shape in = g.inputShape();
        int classes = g.outputShape().size();
        if (data.channels() == in.channels() && data.height() == in.height() && data.width() == in.width() && data.classes() == classes) {
            return data.take(Math.min(count, data.size()));
        }
        return org.dlas.data.SyntheticInputs.of(in, classes, count, seed, data.name() + " does not fit input " + in + " and " + classes + " classes");
    }

    /** "CxHxW" (or "C" for feature vectors, "CxL" for sequences) as a per-image shape; null stays null. */
    public static Shape parseShape(String s) {
        return s == null ? null : org.dlas.sweep.ModelSource.parseShape(s, "--input-shape");
    }
}
