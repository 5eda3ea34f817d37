package org.dlas.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One point of a sweep: a choice on every axis plus the measurement settings.
 *
 * <p>{@link #canonicalJson()} and {@link #hash()} identify the experiment, not the sweep: the
 * sweep name is left out, so the same point in two sweeps has the same hash and its stored
 * result can be reused. Choices from {@link SpecLoader} carry every parameter (defaults filled
 * in, typed by their {@link ParamSpec}), so writing a default explicitly does not change the hash.
 */
public record Point(String sweep, Map<Axis, Choice> choices, Measurement measure, Map<Axis, String> contents)
        implements java.io.Serializable {

    public Point {
        Objects.requireNonNull(choices, "choices");
        Objects.requireNonNull(measure, "measure");
        EnumMap<Axis, Choice> copy = new EnumMap<>(Axis.class);
        copy.putAll(choices);
        choices = Collections.unmodifiableMap(copy);
        EnumMap<Axis, String> digests = new EnumMap<>(Axis.class);
        if (contents != null) digests.putAll(contents);
        contents = Collections.unmodifiableMap(digests);
    }

    public Point(String sweep, Map<Axis, Choice> choices, Measurement measure) { this(sweep, choices, measure, Map.of()); }

    /**
     * The same point identified also by the content of the files its choices name (axis → e.g. the ONNX model's
     * SHA-256), so replacing such a file gives a new hash and a rerun measures it again.
     */
    public Point withContents(Map<Axis, String> digests) { return new Point(sweep, choices, measure, digests); }

    /** The choice on {@code axis}, or null when the point has none there. */
    public Choice choice(Axis axis) { return choices.get(axis); }

    /** Axis key → {@link Choice#label()}, in axis order. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        choices.forEach((axis, c) -> labels.put(axis.key(), c.label()));
        return Collections.unmodifiableMap(labels);
    }

    /**
     * {@code {"choices":{"codegen":{"name":"none","params":{}},...},"measure":{"batch":1,...}}}:
     * keys sorted, no whitespace, the timeout left out, numbers formatted deterministically (see {@link CanonicalJson}).
     */
    public String canonicalJson() {
        Map<String, Object> choiceMap = new TreeMap<>();
        choices.forEach((axis, c) -> {
            Map<String, Object> one = new TreeMap<>();
            one.put("name", c.name());
            one.put("params", c.params());
            choiceMap.put(axis.key(), one);
        });
        Map<String, Object> root = new TreeMap<>();
        root.put("choices", choiceMap);
        if (!contents.isEmpty()) { // only points naming files have it: every other hash stays as it was
            Map<String, Object> digests = new TreeMap<>();
            contents.forEach((axis, d) -> digests.put(axis.key(), d));
            root.put("contents", digests);
        }
        // the timeout is a limit, not part of what is measured: changing it must not re-run points
        Map<String, Object> measured = new TreeMap<>(measure.asMap());
        measured.remove("timeout_s");
        root.put("measure", measured);
        return CanonicalJson.write(root);
    }

    /** SHA-256 of the UTF-8 bytes of {@link #canonicalJson()}, 64 lower-case hex digits. */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonicalJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return (sweep == null ? "" : sweep + " ") + labels();
    }
}
