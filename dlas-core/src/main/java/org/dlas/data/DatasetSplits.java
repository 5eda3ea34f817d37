package org.dlas.data;

import java.util.function.Supplier;

/**
 * The three disjoint splits of a data set: {@code train} (what dlas trains on), {@code calibration}
 * (held out from training, for post-training quantisation and similar calibration), {@code test}
 * (the official test set, for accuracy). {@code source} and {@code licence} say where the data come from.
 *
 * <p>The training split may be given as a supplier: it is then read on the first {@link #train()}
 * call only (once, thread-safe), so that a JVM that only measures (a cluster executor, most sweeps)
 * never holds the 58,000 training images in memory.
 */
public final class DatasetSplits {
    private final Supplier<Dataset> trainSource;
    private volatile Dataset train;
    private volatile boolean trainRead;
    private final Dataset calibration, test;
    private final String source, licence;

    /** Splits with the training split at hand ({@code train} may be null where there is none). */
    public DatasetSplits(Dataset train, Dataset calibration, Dataset test, String source, String licence) {
        this(() -> train, calibration, test, source, licence);
        this.train = train;
        this.trainRead = true;
    }

    /** Splits whose training split {@code train} supplies when first asked for. */
    public static DatasetSplits withLazyTrain(Supplier<Dataset> train, Dataset calibration, Dataset test, String source, String licence) {
        return new DatasetSplits(train, calibration, test, source, licence);
    }

    private DatasetSplits(Supplier<Dataset> train, Dataset calibration, Dataset test, String source, String licence) {
        this.trainSource = train;
        this.calibration = calibration;
        this.test = test;
        this.source = source;
        this.licence = licence;
    }

    /** The training split (read now if it was not yet), or null where there is none. */
    public Dataset train() {
        if (!trainRead) {
            synchronized (this) {
                if (!trainRead) {
                    train = trainSource.get();
                    trainRead = true;
                }
            }
        }
        return train;
    }

    /** Whether the training split is in memory (read, or given at construction). */
    public boolean trainLoaded() { return trainRead; }

    public Dataset calibration() { return calibration; }

    public Dataset test() { return test; }

    public String source() { return source; }

    public String licence() { return licence; }

    @Override public String toString() {
        return "DatasetSplits(train " + (trainRead ? train : "not read yet") + ", calibration " + calibration + ", test " + test + ")";
    }
}
