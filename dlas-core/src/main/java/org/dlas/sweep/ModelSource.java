package org.dlas.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
        return load(model, dataset, Path::of);
    }

    /**
     * As {@link #load(Choice, String)}, with {@code onnxFiles} finding the file behind an ONNX {@code path}
     * (on a cluster executor: the copy that travelled with the job).
     */
    public static Graph load(Choice model, String dataset, Function<String, Path> onnxFiles) throws Exception {
        if (!ONNX.equals(model.name())) return ModelZoo.trained(model.name(), dataset);
        Path file = onnxFiles.apply(model.string("path"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model onnx: no file " + file.toAbsolutePath() + " (path is relative to the current directory)");
        }
        return OnnxImporter.load(file);
    }
}
