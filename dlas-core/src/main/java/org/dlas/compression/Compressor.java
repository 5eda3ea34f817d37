package org.dlas.compression;

import java.util.List;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;
import org.dlas.spec.ParamSpec;

/**
 * One model compression (a value on the sweep's {@code compression} axis): takes a graph and
 * returns a new, validated graph. Compressors never modify their input graph (weights are copied).
 */
public interface Compressor {

    /** Name used in sweep files, e.g. {@code prune}. */
    String name();

    /** Accepted parameters with defaults and ranges; empty when it takes none. */
    List<ParamSpec> params();

    /**
     * Compresses {@code model} and says what was done per layer.
     *
     * @param choice      this compressor's choice; missing parameters take their defaults, unknown
     *                    or out-of-range ones are rejected with {@link IllegalArgumentException}
     * @param calibration calibration images, or null (required by {@code int8})
     */
    CompressionResult compress(Graph model, Choice choice, CalibrationData calibration);

    /**
     * {@link #compress(Graph, Choice, CalibrationData)} with the training split, for compressors that
     * fine-tune afterwards ({@code prune}, {@code channel-prune} with {@code finetune_images > 0},
     * see {@link FineTuning}); the others ignore {@code trainData}, and the three-argument form
     * rejects a fine-tuning request.
     *
     * @param trainData the training split (images to fine-tune on), or null
     */
    default CompressionResult compress(Graph model, Choice choice, CalibrationData calibration, Dataset trainData) {
        return compress(model, choice, calibration);
    }

    /** {@link #compress} without the report. */
    default Graph apply(Graph model, Choice choice, CalibrationData calibration) {
        return compress(model, choice, calibration).graph();
    }
}
