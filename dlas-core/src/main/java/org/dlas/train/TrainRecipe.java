package org.dlas.train;

import java.util.Locale;

/**
 * How a model is trained: SGD with momentum and weight decay (on conv and dense weights only),
 * batch size, epochs over the first {@code trainImages} images of the training split, shuffled
 * each epoch from {@code seed}, learning rate warmed up linearly over {@code warmupSteps} and then
 * decayed on a cosine to 0. Incomplete final batches are dropped.
 */
public record TrainRecipe(int epochs, int batchSize, float learningRate, float momentum, float weightDecay,
                          long seed, int trainImages, int warmupSteps) {

    public TrainRecipe {
        if (epochs <= 0 || batchSize <= 0 || trainImages < batchSize || warmupSteps < 0) {
            throw new IllegalArgumentException("invalid recipe: epochs=" + epochs + " batch=" + batchSize
                    + " trainImages=" + trainImages + " warmup=" + warmupSteps);
        }
        if (!(learningRate > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("invalid recipe: lr=" + learningRate + " momentum=" + momentum + " wd=" + weightDecay);
        }
    }

    public int stepsPerEpoch() { return trainImages / batchSize; }

    public int totalSteps() { return epochs * stepsPerEpoch(); }

    /** Learning rate at step {@code t} (0-based). */
    public float learningRate(int t) {
        int total = totalSteps();
        double warm = warmupSteps == 0 ? 1 : Math.min(1.0, (t + 1.0) / warmupSteps);
        double cos = 0.5 * (1 + StrictMath.cos(StrictMath.PI * t / total));
        return (float) (learningRate * warm * cos);
    }

    /** Canonical text of every field, for cache keys. */
    public String canonical() {
        return String.format(Locale.ROOT, "sgd;epochs=%d;batch=%d;lr=%s;momentum=%s;wd=%s;seed=%d;train=%d;warmup=%d;schedule=cosine",
                epochs, batchSize, Float.toString(learningRate), Float.toString(momentum), Float.toString(weightDecay),
                seed, trainImages, warmupSteps);
    }
}
