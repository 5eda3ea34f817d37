package org.dlas.train;

import java.util.Locale;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * How a model is trained: SGD with momentum and weight decay (on conv and dense weights only),
 * batch size, epochs over the first {@code trainImages} images of the training split, shuffled
 * each epoch from {@code seed}. Incomplete final batches are dropped.
 *
 * <p>The learning rate follows {@code schedule}: {@link Schedule#COSINE} (the zoo's recipes) warms
 * up linearly over {@code warmupSteps} and then decays on a cosine to 0; {@link Schedule#CONSTANT}
 * (short fine-tuning) keeps {@code learningRate} on every step (after the same linear warm-up, if
 * any). With {@code freezeZeros}, conv and dense weights that are exactly zero in the initial graph
 * stay exactly zero (a pruning mask): after every SGD step they and their momentum are set back to
 * zero, so the number of zeros of the trained graph equals the initial one's.
 */
public record TrainRecipe(int epochs, int batchSize, float learningRate, float momentum, float weightDecay,
                          long seed, int trainImages, int warmupSteps, Schedule schedule, boolean freezeZeros) {

    /** Learning-rate schedule. */
    public enum Schedule {
        /** Linear warm-up, then a cosine decay to 0 over all steps. */
        COSINE,
        /** Linear warm-up, then constant. */
        CONSTANT
    }

    public TrainRecipe {
        if (epochs <= 0 || batchSize <= 0 || trainImages < batchSize || warmupSteps < 0) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "invalid recipe: epochs=" + epochs + " batch=" + batchSize
                    + " trainImages=" + trainImages + " warmup=" + warmupSteps);
        }
        if (!(learningRate > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "invalid recipe: lr=" + learningRate + " momentum=" + momentum + " wd=" + weightDecay);
        }
        if (schedule == null) throw new InvalidInputException(ErrorKind.MISSING, "invalid recipe: no learning-rate schedule");
    }

    /** The zoo's kind of recipe: cosine schedule, no frozen weights. */
    public TrainRecipe(int epochs, int batchSize, float learningRate, float momentum, float weightDecay,
                       long seed, int trainImages, int warmupSteps) {
        this(epochs, batchSize, learningRate, momentum, weightDecay, seed, trainImages, warmupSteps, Schedule.COSINE, false);
    }

    /**
     * A short fine-tuning pass: one epoch over the first {@code images} training images with a
     * constant learning rate, no warm-up and no weight decay.
     */
    public static TrainRecipe fineTuning(int images, int batchSize, float learningRate, float momentum, long seed, boolean freezeZeros) {
        return new TrainRecipe(1, batchSize, learningRate, momentum, 0f, seed, images, 0, Schedule.CONSTANT, freezeZeros);
    }

    /** This recipe with {@code freezeZeros} set. */
    public TrainRecipe withFreezeZeros(boolean freeze) {
        return new TrainRecipe(epochs, batchSize, learningRate, momentum, weightDecay, seed, trainImages, warmupSteps, schedule, freeze);
    }

    public int stepsPerEpoch() { return trainImages / batchSize; }

    public int totalSteps() { return epochs * stepsPerEpoch(); }

    /** Images the recipe actually trains on per epoch (incomplete final batch dropped). */
    public int imagesPerEpoch() { return stepsPerEpoch() * batchSize; }

    /** Learning rate at step {@code t} (0-based). */
    public float learningRate(int t) {
        double warm = warmupSteps == 0 ? 1 : Math.min(1.0, (t + 1.0) / warmupSteps);
        if (schedule == Schedule.CONSTANT) return (float) (learningRate * warm);
        int total = totalSteps();
        double cos = 0.5 * (1 + StrictMath.cos(StrictMath.PI * t / total));
        return (float) (learningRate * warm * cos);
    }

    /**
     * Canonical text of every field, for cache keys. Recipes of the zoo's kind (cosine, no frozen
     * weights) keep the text they had before the schedule and mask options existed.
     */
    public String canonical() {
        return String.format(Locale.ROOT, "sgd;epochs=%d;batch=%d;lr=%s;momentum=%s;wd=%s;seed=%d;train=%d;warmup=%d;schedule=%s",
                epochs, batchSize, Float.toString(learningRate), Float.toString(momentum), Float.toString(weightDecay),
                seed, trainImages, warmupSteps, schedule.name().toLowerCase(Locale.ROOT))
                + (freezeZeros ? ";freeze_zeros=true" : "");
    }
}
