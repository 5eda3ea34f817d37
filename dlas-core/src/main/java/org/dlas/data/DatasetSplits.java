package org.dlas.data;

/**
 * The three disjoint splits of a data set: {@code train} (what dlas trains on), {@code calibration}
 * (held out from training, for post-training quantisation and similar calibration), {@code test}
 * (the official test set, for accuracy). {@code source} and {@code licence} say where the data come from.
 */
public record DatasetSplits(Dataset train, Dataset calibration, Dataset test, String source, String licence) { }
