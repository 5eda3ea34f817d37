package org.dlas.spec;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * How every point of a sweep is measured (the {@code measure:} block of a sweep file).
 *
 * @param warmup            untimed inference passes before timing ({@code warmup}, default 2)
 * @param repeats           timed passes; latency statistics are over these ({@code repeats}, default 10)
 * @param testImages        test-set images used for accuracy ({@code test_images}, default 1000)
 * @param batch             images per inference call ({@code batch}, default 1)
 * @param seed              seed for every random choice (sampling, init, pruning ties) ({@code seed}, default 42)
 * @param timeoutSeconds    a point running longer is recorded as failed ({@code timeout_s}, default 600)
 * @param calibrationImages training images used to calibrate quantisation ({@code calibration_images}, default 200)
 */
public record Measurement(int warmup, int repeats, int testImages, int batch, long seed, int timeoutSeconds,
                          int calibrationImages) implements java.io.Serializable {

    /** The test split of every data set has 10,000 images: more cannot be measured. */
    public static final int MAX_TEST_IMAGES = 10_000;
    /** The calibration split is the last 2,000 training images. */
    public static final int MAX_CALIBRATION_IMAGES = 2_000;
    /** Timed or warm-up runs per point: a point keeps one latency per run, so this also bounds its memory. */
    public static final int MAX_RUNS = 100_000;

    public Measurement {
        if (warmup < 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "warmup must be >= 0: " + warmup);
        if (repeats < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "repeats must be >= 1: " + repeats);
        if (testImages < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "test_images must be >= 1: " + testImages);
        if (batch < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "batch must be >= 1: " + batch);
        if (timeoutSeconds < 1) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "timeout_s must be >= 1: " + timeoutSeconds);
        if (calibrationImages < 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "calibration_images must be >= 0: " + calibrationImages);
    }

    public static Measurement defaults() {
        return new Measurement(2, 10, 1000, 1, 42L, 600, 200);
    }

    public Measurement withSeed(long newSeed) {
        return new Measurement(warmup, repeats, testImages, batch, newSeed, timeoutSeconds, calibrationImages);
    }

    /** The sweep-file keys of the settings, in documented order (the record's component order). */
    public static final java.util.List<String> KEYS = java.util.List.of("warmup", "repeats", "test_images", "batch", "seed",
            "timeout_s", "calibration_images");

    /** The settings under their sweep-file keys ({@link #KEYS}), in documented order. */
    public java.util.Map<String, Object> asMap() {
        Object[] values = {warmup, repeats, testImages, batch, seed, timeoutSeconds, calibrationImages};
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) m.put(KEYS.get(i), values[i]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
