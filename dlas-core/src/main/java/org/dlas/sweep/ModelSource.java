package org.dlas.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.OnnxImporter;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/**
 * Where the {@code model:} axis gets its graphs: the trained zoo, or a user's ONNX file
 * ({@code {name: onnx, path: my.onnx}}, relative to the current directory).
 */
public final class ModelSource {
    public static final String ONNX = "onnx";

    private ModelSource() { }

    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(ModelZoo.names());
        names.add(ONNX);
        return names;
    }

    public static List<ParamSpec> params(String name) {
        if (!ONNX.equals(name)) return List.of();
        return List.of(new ParamSpec("path", String.class, "ONNX file of an image classifier (NCHW input)", null, null, null, List.of()));
    }

    /** The model trained on (or, for ONNX, checked against) {@code dataset}. */
    public static Graph load(Choice model, String dataset) throws Exception {
        if (!ONNX.equals(model.name())) return ModelZoo.trained(model.name(), dataset);
        return importOnnx(model);
    }

    /**
     * The imported ONNX model of a {@code model: {name: onnx, path: ...}} choice, checked to be an
     * image classifier (its output one score per class), as the sweep measures accuracy on it.
     * Cheap (no training), so {@code dlas validate} runs it for every ONNX model of a plan.
     */
    public static Graph importOnnx(Choice model) {
        Path file = Path.of(model.string("path"));
        String what = "model onnx path=" + model.string("path");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + ": no file " + file.toAbsolutePath() + " (path is relative to the current directory)");
        }
        Graph g;
        try {
            g = OnnxImporter.load(file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(what + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        } catch (org.dlas.onnx.OnnxImportException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        org.dlas.ir.Shape out = g.outputShape();
        if (out.height() != 1 || out.width() != 1 || out.channels() < 2) {
            throw new IllegalArgumentException(what + ": its output " + out + " is not a class vector; a sweep measures classifiers whose output is "
                    + "[N, classes] with at least 2 classes");
        }
        return g;
    }
}
