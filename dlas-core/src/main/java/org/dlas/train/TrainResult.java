package org.dlas.train;

import org.dlas.ir.Graph;

/**
 * A trained model (BatchNorm in inference form: running mean and variance) and how training went:
 * wall time, mean loss and accuracy over the last epoch's batches, steps taken.
 */
public record TrainResult(Graph model, double seconds, double lastEpochLoss, double lastEpochAccuracy, int steps) { }
