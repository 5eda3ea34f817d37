package org.dlas.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.dlas.ir.Graph;
import org.dlas.models.ModelZoo;
import org.dlas.onnx.OnnxImporter;
import org.dlas.spec.Axis;
import org.dlas.spec.Choice;
import org.dlas.spec.PlannedPoint;
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

    /**
     * The points with the SHA-256 of each ONNX model file they name in their identity ({@link Point#withContents});
     * zoo points are returned unchanged.
     */
    public static List<PlannedPoint> identifiedByContent(List<PlannedPoint> plan) throws IOException {
        Map<String, String> digests = new HashMap<>();
        List<PlannedPoint> out = new ArrayList<>(plan.size());
        for (PlannedPoint p : plan) {
            Choice model = p.point().choice(Axis.MODEL);
            if (model == null || !ONNX.equals(model.name())) {
                out.add(p);
                continue;
            }
            String path = model.string("path");
            String digest = digests.get(path);
            if (digest == null) {
                digest = sha256(Path.of(path));
                digests.put(path, digest);
            }
            out.add(new PlannedPoint(p.point().withContents(Map.of(Axis.MODEL, "sha256:" + digest)), p.skipReason()));
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
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
