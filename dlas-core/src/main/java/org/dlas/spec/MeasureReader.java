package org.dlas.spec;

/** The {@code measure:} section: each setting in its range, the others at {@link Measurement#defaults()}. */
final class MeasureReader {
    private final SpecErrors errors;
    private final YamlValues values;

    MeasureReader(SpecErrors errors) {
        this.errors = errors;
        this.values = new YamlValues(errors);
    }

    /** The measurement of {@code e} (defaults when absent), or null after reporting a problem. */
    Measurement measure(YamlNode.Entry e) {
        Measurement d = Measurement.defaults();
        if (e == null) return d;
        if (!(e.value() instanceof YamlNode.Mapping m)) {
            errors.error(e.value(), "measure", "expected a mapping of settings (" + String.join(", ", SpecLoader.MEASURE_KEYS)
                    + "), got " + YamlNode.describe(e.value()));
            return null;
        }
        long warmup = d.warmup();
        long repeats = d.repeats();
        long testImages = d.testImages();
        long batch = d.batch();
        long seed = d.seed();
        long timeout = d.timeoutSeconds();
        long calibration = d.calibrationImages();
        boolean ok = true;
        for (YamlNode.Entry s : m.entries().values()) {
            String key = "measure." + s.key();
            YamlNode v = s.value();
            Long n = switch (s.key()) {
                case "warmup" -> intSetting(v, key, 0, Measurement.MAX_RUNS);
                case "repeats" -> intSetting(v, key, 1, Measurement.MAX_RUNS);
                case "test_images", "batch" -> intSetting(v, key, 1, Measurement.MAX_TEST_IMAGES);
                case "timeout_s" -> intSetting(v, key, 1, Integer.MAX_VALUE);
                case "calibration_images" -> intSetting(v, key, 0, Measurement.MAX_CALIBRATION_IMAGES);
                case "seed" -> values.integer(v, key, null, null, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> {
                    errors.unknownKey(s, key, SpecLoader.MEASURE_KEYS);
                    yield null;
                }
            };
            if (n == null) {
                ok = false;
                continue;
            }
            switch (s.key()) {
                case "warmup" -> warmup = n;
                case "repeats" -> repeats = n;
                case "test_images" -> testImages = n;
                case "batch" -> batch = n;
                case "seed" -> seed = n;
                case "timeout_s" -> timeout = n;
                case "calibration_images" -> calibration = n;
                default -> throw new IllegalStateException(s.key());
            }
        }
        if (!ok) return null;
        return new Measurement((int) warmup, (int) repeats, (int) testImages, (int) batch, seed, (int) timeout,
                (int) calibration);
    }

    private Long intSetting(YamlNode v, String key, int min, int max) {
        return values.integer(v, key, (double) min, max == Integer.MAX_VALUE ? null : (double) max, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
}
