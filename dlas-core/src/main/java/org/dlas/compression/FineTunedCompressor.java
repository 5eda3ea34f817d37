package org.dlas.compression;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.spec.Choice;

/**
 * A compressor that can fine-tune the compressed graph on the training split ({@code prune},
 * {@code channel-prune}, see {@link FineTuning}). Without training data it compresses only, and a
 * fine-tuning request ({@code finetune_images > 0}) is rejected.
 */
public interface FineTunedCompressor extends Compressor {

    /** Compresses, then fine-tunes on {@code trainData} (may be null) when the choice asks for it. */
    @Override
    CompressionResult compress(Graph model, Choice choice, CalibrationData calibration, Dataset trainData);

    /** Without training data: {@code finetune_images} must be 0. */
    @Override
    default CompressionResult compress(Graph model, Choice choice, CalibrationData calibration) {
        return compress(model, choice, calibration, null);
    }
}
