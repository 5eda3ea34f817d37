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
import org.dlas.models.StandardArchitectures;
import org.dlas.onnx.OnnxImporter;
import org.dlas.spec.Axis;
import org.dlas.spec.Choice;
import org.dlas.spec.PlannedPoint;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Where the {@code model:} axis gets its graphs: the trained zoo, the standard architectures at
 * their real size with seeded untrained weights ({@link StandardArchitectures}), or a user's ONNX
 * file ({@code {name: onnx, path: my.onnx}}, relative to the current directory).
 */
public final class ModelSource {
    public static final String ONNX = "onnx";
    /** The seed of the standard architectures' untrained weights. */
    public static final long UNTRAINED_SEED = 0;

    private ModelSource() { }

    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(ModelZoo.names());
        names.addAll(StandardArchitectures.names());
        names.add(ONNX);
        return names;
    }

    public static List<ParamSpec> params(String name) {
        if (!ONNX.equals(name)) return List.of();
        return List.of(new ParamSpec("path", String.class, "ONNX file of an image classifier (NCHW input)", null, null, null, List.of()),
                new ParamSpec("input_shape", String.class, "CxHxW binding the model's symbolic input dims (e.g. 3x224x224)", "", null, null, List.of()),
                new ParamSpec("feed", String.class, "how the data set's images fit the model's input: resize (bilinear, nearest) or centred zero "
                        + "padding (pad); one grey channel is replicated to three", "bilinear", null, null, org.dlas.data.ImageFeed.MODES),
                new ParamSpec("mean", String.class, "the model's own normalisation, (x - mean) / std of pixels in [0, 1]: one value or one per "
                        + "channel, comma-separated (e.g. 0.485,0.456,0.406); empty keeps the data set's", "", null, null, List.of()),
                new ParamSpec("std", String.class, "see mean (e.g. 0.229,0.224,0.225); scale/offset s, o is mean=-o/s, std=1/s", "", null, null, List.of()),
                ParamSpec.oneOf("inputs", "dataset: the data set's images; synthetic: seeded inputs uniform in [-1, 1], no labels (latency, cycles, "
                        + "energy and label differences measured, no accuracy)", "dataset", List.of("dataset", "synthetic")),
                new ParamSpec("images", String.class, "a labelled image folder of your own instead of the data set: one sub-folder of PNG/JPEG "
                        + "images per class (classes in name order), read at the model's input size, then mean/std", "", null, null, List.of()));
    }

    /** The labelled image folder {@code model} runs on instead of the data set, or null. */
    public static Path imageFolder(Choice model) {
        String dir = ONNX.equals(model.name()) && model.params().containsKey("images") ? model.string("images").trim() : "";
        if (dir.isEmpty()) return null;
        if (synthetic(model)) throw new InvalidInputException(ErrorKind.CONFLICT, "model onnx: images and inputs: synthetic exclude each other");
        return Path.of(dir);
    }

    /** Whether {@code model} runs on seeded synthetic inputs rather than the data set's images. */
    public static boolean synthetic(Choice model) {
        return ONNX.equals(model.name()) && "synthetic".equals(model.params().get("inputs"));
    }

    /**
     * The model's per-channel normalisation {mean, std} from its {@code mean}/{@code std} parameters,
     * or null when it keeps the data set's; a bad value names its key and what is accepted.
     */
    public static float[][] normalisation(Choice model) {
        if (!ONNX.equals(model.name())) return null;
        String mean = model.params().containsKey("mean") ? model.string("mean").trim() : "";
        String std = model.params().containsKey("std") ? model.string("std").trim() : "";
        if (mean.isEmpty() && std.isEmpty()) return null;
        if (mean.isEmpty() || std.isEmpty()) throw new InvalidInputException(ErrorKind.MISSING, "model onnx: mean and std go together; give both (one value or one per channel)");
        float[] m = floats("mean", mean), s = floats("std", std);
        for (float v : s) if (!(v > 0)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "model onnx: std '" + std + "' must be positive");
        return new float[][] {m, s};
    }

    private static float[] floats(String key, String list) {
        String[] parts = list.split(",");
        float[] v = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) v[i] = Float.parseFloat(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, "model onnx: " + key + " '" + list + "' is not a comma-separated list of numbers (e.g. 0.485,0.456,0.406)");
        }
        for (float x : v) if (!Float.isFinite(x)) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "model onnx: " + key + " '" + list + "' must be finite numbers");
        return v;
    }

    /** How the data set's images are fed to {@code model}: its {@code feed} parameter (zoo models: they fit). */
    public static String feed(Choice model) {
        return ONNX.equals(model.name()) && model.params().containsKey("feed") ? model.string("feed") : "bilinear";
    }

    /** What is wrong with an ONNX model's {@code path} before anything is read, or null when it names a regular file. */
    public static String problem(String name, String param, Object value) {
        if (ONNX.equals(name) && ("mean".equals(param) || "std".equals(param)) && !value.toString().isBlank()) {
            try {
                floats(param, value.toString());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            return null;
        }
        if (ONNX.equals(name) && "images".equals(param) && !value.toString().isBlank()) {
            Path dir = Path.of(value.toString().trim());
            try {
                return org.dlas.data.LabelledImageFolder.isLabelled(dir) ? null
                        : "images: " + dir.toAbsolutePath() + " is not a labelled image folder (one sub-folder of PNG/JPEG images per class)";
            } catch (IOException e) {
                return "images: no folder " + dir.toAbsolutePath() + " (the path is relative to the current directory)";
            }
        }
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

    /** SHA-256 of a file's bytes, 64 lower-case hex digits. */
    public static String sha256(Path file) throws IOException {
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
        if (StandardArchitectures.names().contains(model.name())) return StandardArchitectures.build(model.name(), UNTRAINED_SEED);
        if (!ONNX.equals(model.name())) return ModelZoo.trained(model.name(), dataset);
        return importOnnx(model, onnxFiles.apply(model.string("path")));
    }

    /** {@link #importOnnx(Choice, Path)} of the file the choice's {@code path} names. */
    public static Graph importOnnx(Choice model) {
        return importOnnx(model, Path.of(model.string("path")));
    }

    /**
     * The imported ONNX model of a {@code model: {name: onnx, path: ...}} choice, read from {@code file}, checked to be
     * an image classifier (its output one score per class), as the sweep measures accuracy on it.
     * Cheap (no training), so {@code dlas validate} runs it for every ONNX model of a plan.
     */
    public static Graph importOnnx(Choice model, Path file) {
        String what = "model onnx path=" + model.string("path");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(ErrorKind.MISSING, what + ": no file " + file.toAbsolutePath() + " (path is relative to the current directory)");
        }
        Graph g;
        try {
            String shape = model.params().containsKey("input_shape") ? model.string("input_shape") : "";
            OnnxImporter.Options options = OnnxImporter.Options.defaults();
            if (!shape.isEmpty()) options = options.withInputShape(parseShape(shape, "input_shape"));
            g = OnnxImporter.load(file, options);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, what + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        } catch (org.dlas.onnx.OnnxImportException e) {
            String hint = e.getMessage().contains("symbolic dims") ? " (bind them with input_shape: CxHxW)" : "";
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, what + ": " + e.getMessage() + hint, e);
        }
        org.dlas.ir.Shape out = g.outputShape();
        if (out.height() != 1 || out.width() != 1 || out.channels() < 2) {
            throw new InvalidInputException(ErrorKind.UNSUPPORTED, what + ": its output " + out + " is not a class vector; a sweep measures classifiers whose output is "
                    + "[N, classes] with at least 2 classes");
        }
        return g;
    }

    /** "CxHxW" (or "C" for feature vectors, "CxL" for sequences) as a per-image shape; {@code key} names the setting in errors. */
    public static org.dlas.ir.Shape parseShape(String s, String key) {
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int[] d = java.util.Arrays.stream(p).mapToInt(Integer::parseInt).toArray();
            if (java.util.Arrays.stream(d).anyMatch(v -> v <= 0)) throw new NumberFormatException();
            return switch (d.length) {
                case 1 -> new org.dlas.ir.Shape(d[0], 1, 1);
                case 2 -> new org.dlas.ir.Shape(d[0], 1, d[1]);
                case 3 -> new org.dlas.ir.Shape(d[0], d[1], d[2]);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            throw new InvalidInputException(ErrorKind.BAD_FORMAT, key + " " + s + ": expected CxHxW (e.g. 3x224x224), CxL or F with positive sizes");
        }
    }
}
