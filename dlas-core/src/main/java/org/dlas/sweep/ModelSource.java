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

    /** What is wrong with an ONNX model's {@code path} before anything is read, or null when it names a regular file. */
    public static String problem(String name, String param, Object value) {
        if (!ONNX.equals(name) || !"path".equals(param)) return null;
        Path file;
        try {
            file = Path.of(value.toString());
        } catch (java.nio.file.InvalidPathException e) {
            return "'" + value + "' is not a valid path: " + e.getReason();
        }
        if (!Files.exists(file)) return "no file " + file.toAbsolutePath() + " (the path is relative to the current directory)";
        if (!Files.isRegularFile(file)) return file.toAbsolutePath() + " is not a regular file; give an .onnx file";
        return null;
    }

    /** The model trained on (or, for ONNX, checked against) {@code dataset}. */
    public static Graph load(Choice model, String dataset) throws Exception {
        if (!ONNX.equals(model.name())) return ModelZoo.trained(model.name(), dataset);
        Path file = Path.of(model.string("path"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model onnx: no file " + file.toAbsolutePath() + " (path is relative to the current directory)");
        }
        return OnnxImporter.load(file);
    }
}
