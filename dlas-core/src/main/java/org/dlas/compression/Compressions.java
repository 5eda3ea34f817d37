package org.dlas.compression;

import java.util.ArrayList;
import java.util.List;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.plugin.NamedPlugins;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * The compressions a sweep can name on its {@code compression} axis, found with
 * {@link java.util.ServiceLoader} like hardware targets (a new one: a {@link Compressor} class and
 * its line in {@code META-INF/services/org.dlas.compression.Compressor}); dlas-core ships:
 * <ul>
 *   <li>{@code none}: identity ({@link NoCompression});</li>
 *   <li>{@code prune}: unstructured magnitude pruning ({@link MagnitudePruning});</li>
 *   <li>{@code channel-prune}: structured L1 filter pruning that shrinks the graph ({@link ChannelPruning});</li>
 *   <li>{@code int8}: post-training int8 quantisation with BatchNorm folding ({@link Int8Quantization}).</li>
 * </ul>
 * {@code prune} and {@code channel-prune} take {@code finetune_images} (default 0): a short
 * fine-tuning pass on that many training images after pruning ({@link FineTuning}); it needs the
 * training split, given through the overloads with a {@code trainData} argument (the others reject
 * a fine-tuning request).
 * Combinations run as a pipeline through {@link #applyAll}/{@link #compressAll}: each choice in
 * turn on the previous result, all with the same calibration images (and training split).
 * Limitation: {@code int8} must come last (pruning and fine-tuning reject already-quantised
 * layers); a single point on the axis is one choice, so pipelines are for callers that build them.
 * The built-in compressors calibrate on a plain reference convolution; construct
 * {@link Int8Quantization}/{@link ChannelPruning} with a faster primitive to calibrate with it.
 */
public final class Compressions {
    /** The compressors on the class path (META-INF/services/org.dlas.compression.Compressor; dlas-core's own come first). */
    private static final NamedPlugins<Compressor> REGISTRY = NamedPlugins.load(Compressor.class, Compressions.class.getClassLoader(), Compressor::name);

    private Compressions() { }

    /** Accepted compression names, in a stable order. */
    public static List<String> names() { return REGISTRY.names(); }

    /** The compressor called {@code name}; unknown names are an {@link IllegalArgumentException} naming the accepted ones. */
    public static Compressor get(String name) {
        return REGISTRY.shared(name).orElseThrow(() -> new InvalidInputException(ErrorKind.UNKNOWN_NAME, 
                "unknown compression '" + name + "'; accepted: " + String.join(", ", REGISTRY.names())));
    }

    /** Parameters accepted by {@code name}. */
    public static List<ParamSpec> params(String name) { return get(name).params(); }

    /** Applies {@code choice} (dispatching on its name) to {@code model}, without training data. */
    public static Graph apply(Graph model, Choice choice, CalibrationData calibration) {
        return apply(model, choice, calibration, null);
    }

    /**
     * Applies {@code choice} to {@code model}.
     *
     * @param trainData the training split, for {@code finetune_images > 0}; may be null otherwise
     */
    public static Graph apply(Graph model, Choice choice, CalibrationData calibration, Dataset trainData) {
        return compress(model, choice, calibration, trainData).graph();
    }

    /** Applies {@code choice} and returns the graph with the report of what was done (no training data). */
    public static CompressionResult compress(Graph model, Choice choice, CalibrationData calibration) {
        return compress(model, choice, calibration, null);
    }

    /** {@link #compress(Graph, Choice, CalibrationData)} with the training split for fine-tuning (may be null). */
    public static CompressionResult compress(Graph model, Choice choice, CalibrationData calibration, Dataset trainData) {
        return get(choice.name()).compress(model, choice, calibration, trainData);
    }

    /** Applies the choices in order (a pipeline, e.g. prune then int8); see the class notes for limitations. */
    public static Graph applyAll(Graph model, List<Choice> choices, CalibrationData calibration) {
        return compressAll(model, choices, calibration, null).graph();
    }

    /** {@link #applyAll(Graph, List, CalibrationData)} with the training split for fine-tuning (may be null). */
    public static Graph applyAll(Graph model, List<Choice> choices, CalibrationData calibration, Dataset trainData) {
        return compressAll(model, choices, calibration, trainData).graph();
    }

    /** {@link #applyAll} with the combined report (labels joined by {@code " then "}). */
    public static CompressionResult compressAll(Graph model, List<Choice> choices, CalibrationData calibration) {
        return compressAll(model, choices, calibration, null);
    }

    /** {@link #compressAll(Graph, List, CalibrationData)} with the training split for fine-tuning (may be null). */
    public static CompressionResult compressAll(Graph model, List<Choice> choices, CalibrationData calibration, Dataset trainData) {
        if (choices.isEmpty()) return compress(model, Choice.of(NoCompression.NAME), calibration, trainData);
        for (int i = 0; i < choices.size() - 1; i++) {
            if (choices.get(i).name().equals(Int8Quantization.NAME)) {
                throw new InvalidInputException(ErrorKind.CONFLICT, "int8 must be the last step of a compression pipeline, got " + choices);
            }
        }
        List<Choice> ordered = new ArrayList<>(choices);
        CompressionResult result = compress(model, ordered.get(0), calibration, trainData);
        for (Choice c : ordered.subList(1, ordered.size())) {
            CompressionResult next = compress(result.graph(), c, calibration, trainData);
            result = new CompressionResult(next.graph(), result.report().then(next.report()));
        }
        return result;
    }
}
