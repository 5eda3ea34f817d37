package org.dlas.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The real image data sets dlas knows, read from IDX files that ship as classpath resources in
 * {@code org.jetbrains.kotlinx:kotlin-deeplearning-api:0.1.1} (no download at run time).
 *
 * <p>Splits: {@code test} is the official 10,000-image test set; {@code train} is the first
 * 58,000 images of the official 60,000-image training set; {@code calibration} is the last 2,000
 * images of the official training set, disjoint from both. Pixels are normalised to
 * {@code (x / 255 - mean) / std} with fixed per-data-set constants ({@link #mean}, {@link #std}).
 * Loaded splits are cached in memory for the life of the JVM (thread-safe; each data set is read
 * once even when many threads ask at the same time).
 */
public final class Datasets {
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String MNIST = "mnist";
    /** Images of the official training set that dlas trains on; the rest form the calibration split. */
    public static final int TRAIN_IMAGES = 58_000;
    public static final int CALIBRATION_IMAGES = 2_000;
    static final int OFFICIAL_TRAIN = 60_000, OFFICIAL_TEST = 10_000;

    private record Spec(String dir, float mean, float std, List<String> classNames, String source, String licence) { }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();
    static {
        SPECS.put(FASHION_MNIST, new Spec("datasets/fashionmnist", 0.2860f, 0.3530f,
                List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
                "Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), Zalando Research, https://github.com/zalandoresearch/fashion-mnist;"
                        + " official IDX files as shipped in org.jetbrains.kotlinx:kotlin-deeplearning-api:0.1.1",
                "MIT License, Copyright (c) 2017 Zalando SE"));
        SPECS.put(MNIST, new Spec("datasets/mnist", 0.1307f, 0.3081f,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                "MNIST database of handwritten digits, Yann LeCun, Corinna Cortes and Christopher J.C. Burges,"
                        + " http://yann.lecun.com/exdb/mnist/; official IDX files as shipped in org.jetbrains.kotlinx:kotlin-deeplearning-api:0.1.1",
                "Creative Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0)"));
    }

    private static final Map<String, DatasetSplits> CACHE = new ConcurrentHashMap<>();

    private Datasets() { }

    /** Names of the data sets: fashion-mnist, mnist. */
    public static Set<String> names() { return SPECS.keySet(); }

    /** The splits of data set {@code name}, read once per JVM and cached. */
    public static DatasetSplits load(String name) {
        spec(name);
        DatasetSplits s = CACHE.get(name);
        if (s != null) return s;
        synchronized (lock(name)) {
            return CACHE.computeIfAbsent(name, Datasets::read);
        }
    }

    /** Mean of raw pixel values (in [0, 1]) used for normalisation. */
    public static float mean(String name) { return spec(name).mean(); }

    /** Standard deviation of raw pixel values (in [0, 1]) used for normalisation. */
    public static float std(String name) { return spec(name).std(); }

    /** Normalised value of a raw 8-bit pixel. */
    public static float normalise(String name, int pixel) {
        Spec s = spec(name);
        return (pixel / 255f - s.mean()) / s.std();
    }

    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
    private static Object lock(String name) { return LOCKS.computeIfAbsent(name, k -> new Object()); }

    private static Spec spec(String name) {
        Spec s = SPECS.get(name);
        if (s == null) throw new InvalidInputException(ErrorKind.UNKNOWN_NAME, "unknown data set '" + name + "'; known: " + names());
        return s;
    }

    /** Test and calibration splits now; the training split when first asked for (it is 58,000 images, 182 MB as floats). */
    private static DatasetSplits read(String name) {
        Spec s = SPECS.get(name);
        Dataset calibration = read(name, s, "train", OFFICIAL_TRAIN, TRAIN_IMAGES, OFFICIAL_TRAIN);
        Dataset test = read(name, s, "t10k", OFFICIAL_TEST, 0, OFFICIAL_TEST);
        return DatasetSplits.withLazyTrain(() -> read(name, s, "train", OFFICIAL_TRAIN, 0, TRAIN_IMAGES), calibration, test,
                s.source(), s.licence());
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of an IDX file pair of {@code count} images, normalised. */
    private static Dataset read(String name, Spec s, String prefix, int count, int from, int to) {
        IdxReader.Images img = IdxReader.readImages(s.dir() + "/" + prefix + "-images-idx3-ubyte.gz", count);
        int[] labels = IdxReader.readLabels(s.dir() + "/" + prefix + "-labels-idx1-ubyte.gz", count);
        float[] lut = new float[256];
        for (int p = 0; p < 256; p++) lut[p] = (p / 255f - s.mean()) / s.std();
        byte[] px = img.pixels();
        int per = img.rows() * img.cols();
        float[] images = new float[(to - from) * per];
        for (int i = 0; i < images.length; i++) images[i] = lut[px[from * per + i] & 0xff];
        return new Dataset(name, 1, img.rows(), img.cols(), s.classNames().size(), images,
                java.util.Arrays.copyOfRange(labels, from, to), s.classNames());
    }
}
