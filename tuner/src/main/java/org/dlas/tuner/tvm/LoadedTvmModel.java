package org.dlas.tuner.tvm;

import java.util.Arrays;
import java.util.Map;

/**
 * A TVM-built model ready to run batches of the size it was built for, here ({@link TvmGraphModel})
 * or on a remote host ({@link RemoteTvmModel}). A smaller last batch is padded with zeros and the
 * padding's outputs dropped.
 */
interface LoadedTvmModel extends AutoCloseable {
    int batch();

    int valuesPerImage();

    int classes();

    /** One full batch (batch x valuesPerImage NCHW floats) in, batch x classes outputs out. */
    float[] runBatch(float[] chunk);

    /** Runs {@code n} images (NCHW floats) and returns n x classes outputs. */
    default float[] infer(float[] images, int n) {
        int batch = batch();
        int perImage = valuesPerImage();
        int classes = classes();
        float[] result = new float[n * classes];
        float[] chunk = new float[batch * perImage];
        for (int from = 0; from < n; from += batch) {
            int m = Math.min(batch, n - from);
            if (m < batch) Arrays.fill(chunk, 0f);
            System.arraycopy(images, from * perImage, chunk, 0, m * perImage);
            System.arraycopy(runBatch(chunk), 0, result, from * classes, m * classes);
        }
        return result;
    }

    /** Where the model runs, for the row's notes; empty when here. */
    default String where() { return ""; }

    /** Figures measured where the model runs (e.g. TVM's time_evaluator on a remote host). */
    default Map<String, Double> metrics() { return Map.of(); }

    @Override void close();
}
