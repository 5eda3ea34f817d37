/**
 * Deterministic training of IR graphs in plain Java ({@link org.dlas.train.Trainer}): batched
 * forward and reverse-mode backward for every operator of the model zoo, softmax cross-entropy,
 * SGD with momentum, weight decay and a warm-up + cosine learning-rate schedule
 * ({@link org.dlas.train.TrainRecipe}), and a plain fp32 forward for evaluation.
 */
package org.dlas.train;
