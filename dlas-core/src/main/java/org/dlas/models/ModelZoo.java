package org.dlas.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.dlas.data.DatasetSplits;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.settings.DlasSettings;
import org.dlas.train.TrainRecipe;
import org.dlas.train.TrainResult;
import org.dlas.train.Trainer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The model zoo: small image classifiers for 1 x 28 x 28 inputs and 10 classes, each ending in a
 * Dense layer that outputs logits (no Softmax node).
 * <ul>
 * <li>{@code lenet}: two 5x5 conv + relu + maxpool stages, two dense layers (fastest);
 * <li>{@code vgg}: plain stack of 3x3 conv + relu with maxpool, three blocks, two dense layers;
 * <li>{@code resnet}: conv-BN-relu, an identity residual block and a downsampling block with a 1x1
 *     projection shortcut, global average pooling;
 * <li>{@code mobilenetv2}: inverted residuals (1x1 expand, 3x3 depthwise, linear 1x1 projection,
 *     Relu6, residual Add where shapes match);
 * <li>{@code densenet}: two dense blocks of BN-relu-conv layers joined by Concat, a transition
 *     (1x1 conv + avgpool).
 * </ul>
 * {@link #trained} returns a model trained deterministically with a fixed recipe (seeded He
 * initialisation, seeded shuffling, SGD with momentum) on the first 58,000 images of the data
 * set's training split, from a disk cache, training and caching it on first use. The cache
 * directory is the system property {@code dlas.cache}, else the environment variable
 * {@code DLAS_CACHE}, else {@code ~/.cache/dlas}; files are
 * {@code models/<name>-<recipeHash>.dlasm} (see {@link ModelIO}) with a readable
 * {@code .json} of the same metadata beside them. The hash covers the architecture (its initial
 * weights), the recipe, the data set, the trainer version and the file format, so a change to any
 * of them trains anew. Files are written atomically and guarded by a file lock, so concurrent
 * processes neither read half a file nor train the same model twice.
 */
public final class ModelZoo {
    private static final Logger LOG = LoggerFactory.getLogger(ModelZoo.class);

    public static final String DEFAULT_DATASET = Datasets.FASHION_MNIST;

    private record Entry(LongFunction<Graph> architecture, TrainRecipe recipe) { }

    /** The zoo: every {@link ModelArchitecture} plug-in with a training recipe, in discovery order. */
    private static final Map<String, Entry> ZOO = new LinkedHashMap<>();
    static {
        for (ModelArchitecture a : ModelArchitectures.list(true)) ZOO.put(a.name(), new Entry(a::build, a.trainingRecipe().orElseThrow()));
    }

    private static final Map<String, TrainedModel> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private ModelZoo() { }

    /** lenet, vgg, resnet, mobilenetv2, densenet. */
    public static Set<String> names() { return Collections.unmodifiableSet(new LinkedHashSet<>(ZOO.keySet())); }

    /** The untrained model, He-initialised from {@code seed}. */
    public static Graph architecture(String name, long seed) { return entry(name).architecture().apply(seed); }

    /** The fixed recipe {@link #trained} uses for {@code name}. */
    public static TrainRecipe recipe(String name) { return entry(name).recipe(); }

    /** The trained model on Fashion-MNIST (a fresh copy: callers may modify it). */
    public static Graph trained(String name) { return trained(name, DEFAULT_DATASET); }

    /** The trained model on {@code dataset} (a fresh copy: callers may modify it). */
    public static Graph trained(String name, String dataset) { return ModelIO.copy(info(name, dataset).graph()); }

    /** Test top-1 accuracy (in [0, 1]) of the trained model on Fashion-MNIST's official test set. */
    public static double trainedAccuracy(String name) { return info(name, DEFAULT_DATASET).testTop1(); }

    public static TrainedModel info(String name) { return info(name, DEFAULT_DATASET); }

    /** The trained model with its accuracy and metadata, loaded or trained (once per JVM and cache). */
    public static TrainedModel info(String name, String dataset) {
        Entry e = entry(name);
        return obtain(name, dataset, e.architecture(), e.recipe(), cacheDir());
    }

    /** The directory holding {@code models/}: property dlas.cache, else env DLAS_CACHE, else ~/.cache/dlas. */
    public static Path cacheDir() {
        return DlasSettings.read().cacheDir().orElse(Path.of(System.getProperty("user.home"), ".cache", "dlas"));
    }

    /** Where the trained {@code name} for {@code dataset} is cached. */
    public static Path cacheFile(String name, String dataset) {
        return cacheFile(cacheDir(), name, recipeHash(name, dataset, entry(name).architecture(), recipe(name)));
    }

    public static String recipeHash(String name, String dataset) {
        return recipeHash(name, dataset, entry(name).architecture(), recipe(name));
    }

    static Path cacheFile(Path dir, String name, String hash) { return dir.resolve("models").resolve(name + "-" + hash + ".dlasm"); }

    /** SHA-256 (first 16 hex digits) of the format and trainer versions, name, data set, recipe and initial weights. */
    static String recipeHash(String name, String dataset, LongFunction<Graph> architecture, TrainRecipe recipe) {
        Graph init = architecture.apply(recipe.seed());
        String key = "dlas-zoo;format=" + ModelIO.VERSION + ";trainer=" + Trainer.VERSION + ";arch=" + name + ";dataset=" + dataset
                + ";" + recipe.canonical() + ";init=" + sha256(ModelIO.toBytes(init, Map.of()));
        return sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    static TrainedModel obtain(String name, String dataset, LongFunction<Graph> architecture, TrainRecipe recipe, Path dir) {
        if (!Datasets.names().contains(dataset)) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown data set '" + dataset + "'; known: " + Datasets.names());
        String hash = recipeHash(name, dataset, architecture, recipe);
        Path file = cacheFile(dir, name, hash);
        String key = file.toAbsolutePath().normalize().toString();
        TrainedModel m = LOADED.get(key);
        if (m != null) return m;
        synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
            m = LOADED.get(key);
            if (m == null) {
                m = loadOrTrain(name, dataset, architecture, recipe, hash, file);
                LOADED.put(key, m);
            }
            return m;
        }
    }

    private static TrainedModel loadOrTrain(String name, String dataset, LongFunction<Graph> architecture, TrainRecipe recipe,
                                            String hash, Path file) {
        TrainedModel cached = tryLoad(name, dataset, recipe, hash, file, true);
        if (cached != null) return cached;
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            LOG.warn("cannot create model cache {} ({}); training without caching", file.getParent(), e.getMessage());
            return train(name, dataset, architecture, recipe, hash, null);
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            cached = tryLoad(name, dataset, recipe, hash, file, false); // another process may have finished it
            if (cached != null) return cached;
            return train(name, dataset, architecture, recipe, hash, file);
        } catch (IOException e) {
            throw new UncheckedIOException("model cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static TrainedModel tryLoad(String name, String dataset, TrainRecipe recipe, String hash, Path file, boolean log) {
        if (!Files.isRegularFile(file)) return null;
        try {
            ModelIO.Stored s = ModelIO.read(file);
            Map<String, String> meta = s.metadata();
            return new TrainedModel(name, dataset, s.graph(), Double.parseDouble(meta.get("test.top1")),
                    Double.parseDouble(meta.getOrDefault("train.seconds", "NaN")), recipe, hash, file, meta);
        } catch (IOException | RuntimeException e) {
            if (log) LOG.warn("ignoring unreadable cached model {} ({}); training it again", file, e.getMessage());
            return null;
        }
    }

    private static TrainedModel train(String name, String dataset, LongFunction<Graph> architecture, TrainRecipe recipe,
                                      String hash, Path file) {
        DatasetSplits data = Datasets.load(dataset);
        System.err.printf(Locale.ROOT, "dlas: training %s on %s (first %d images, %d epoch%s)...%n", name, dataset,
                recipe.trainImages(), recipe.epochs(), recipe.epochs() == 1 ? "" : "s");
        TrainResult r = Trainer.train(architecture.apply(recipe.seed()), data.train(), recipe);
        double top1 = Trainer.accuracy(r.model(), data.test());
        System.err.printf(Locale.ROOT, "dlas: training %s on %s (first %d images, %d epoch%s)... done in %.0f s, test top-1 %.1f%%%n",
                name, dataset, recipe.trainImages(), recipe.epochs(), recipe.epochs() == 1 ? "" : "s", r.seconds(), 100 * top1);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", name);
        meta.put("dataset", dataset);
        meta.put("recipe", recipe.canonical());
        meta.put("recipe.hash", hash);
        meta.put("trainer.version", Integer.toString(Trainer.VERSION));
        meta.put("test.top1", Double.toString(top1));
        meta.put("test.images", Integer.toString(data.test().size()));
        meta.put("train.seconds", String.format(Locale.ROOT, "%.2f", r.seconds()));
        meta.put("train.steps", Integer.toString(r.steps()));
        meta.put("train.last_epoch_loss", String.format(Locale.ROOT, "%.5f", r.lastEpochLoss()));
        meta.put("train.last_epoch_accuracy", String.format(Locale.ROOT, "%.5f", r.lastEpochAccuracy()));
        meta.put("train.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        meta.put("created", Instant.now().toString());
        meta.put("java.version", System.getProperty("java.version"));
        meta.put("data.source", data.source());
        meta.put("data.licence", data.licence());
        if (file != null) {
            try {
                ModelIO.save(r.model(), meta, file);
                writeJson(meta, file.resolveSibling(file.getFileName().toString().replaceAll("\\.dlasm$", ".json")));
            } catch (IOException e) {
                LOG.warn("could not cache {} ({})", file, e.getMessage());
            }
        }
        return new TrainedModel(name, dataset, r.model(), top1, r.seconds(), recipe, hash, file, meta);
    }

    private static void writeJson(Map<String, String> meta, Path json) throws IOException {
        Path tmp = Files.createTempFile(json.getParent(), json.getFileName().toString() + ".", ".tmp");
        try {
            Files.writeString(tmp, metadataJson(meta), StandardCharsets.UTF_8);
            ModelIO.readableByAll(tmp);
            Files.move(tmp, json, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The model's metadata as the cached JSON sidecar: two-space indent, {@code "key": "value"}, one entry a line. */
    static String metadataJson(Map<String, String> meta) {
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter layout = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        layout.indentObjectsWith(indent);
        layout.indentArraysWith(indent);
        try {
            return new ObjectMapper().writer(layout).writeValueAsString(meta) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Entry entry(String name) {
        Entry e = ZOO.get(name);
        if (e == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown model '" + name + "'; the zoo has " + ZOO.keySet());
        return e;
    }
}
