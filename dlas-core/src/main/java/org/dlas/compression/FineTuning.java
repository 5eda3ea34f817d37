package org.dlas.compression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dlas.data.Dataset;
import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.GraphStats;
import org.dlas.ir.Node;
import org.dlas.spec.ParamSpec;
import org.dlas.train.TrainRecipe;
import org.dlas.train.TrainResult;
import org.dlas.train.Trainer;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Short fine-tuning after pruning, the {@code finetune_images} parameter of {@code prune} and
 * {@code channel-prune}: one pass of plain SGD ({@value #BATCH}-image batches, constant learning
 * rate {@value #LEARNING_RATE}, momentum {@value #MOMENTUM}, no weight decay, shuffled from seed
 * {@value #SEED}) over the first {@code finetune_images} images of the training split, run by
 * {@link Trainer}. An incomplete final batch is dropped, so the pass sees the largest multiple of
 * the batch size (when fewer images than a batch are asked for, the batch is that many images).
 * With the same graph, data and image count the weights are bit-identical on every run.
 *
 * <p>After unstructured pruning the pruned weights are a mask: they and their momentum are reset to
 * zero after every step ({@link TrainRecipe#freezeZeros()}), so the sparsity is exactly the one
 * pruning reached. After channel pruning the graph is already smaller and every weight trains.
 *
 * <p>Any fp32 graph whose operators the trainer supports can be fine-tuned (zoo models and
 * imported ONNX models alike), provided its input and output match the training data. Graphs with
 * int8-quantised layers are rejected: quantise after fine-tuning. Fine-tuning needs the training
 * split, passed through {@link Compressions#compress(Graph, org.dlas.spec.Choice, CalibrationData, Dataset)};
 * the three-argument forms reject {@code finetune_images > 0}. The compression report gets a note
 * with the images, steps, learning rate, time and the pass's mean training loss.
 */
public final class FineTuning {
    /** The parameter's name. */
    public static final String PARAM = "finetune_images";
    public static final int BATCH = 64;
    public static final float LEARNING_RATE = 0.01f;
    public static final float MOMENTUM = 0.9f;
    public static final long SEED = 1;

    private FineTuning() { }

    /** The {@code finetune_images} parameter: 0 (default, no fine-tuning) to the size of the training split. */
    static ParamSpec param() {
        return ParamSpec.integer(PARAM, "training-split images for one short fine-tuning pass after pruning (SGD, lr "
                + LEARNING_RATE + ", momentum " + MOMENTUM + "); 0 = no fine-tuning", 0, 0, Datasets.TRAIN_IMAGES);
    }

    /** Whether {@code compression} asks for fine-tuning ({@code finetune_images > 0}), i.e. needs the training split. */
    public static boolean asked(org.dlas.spec.Choice compression) {
        return compression.params().get(PARAM) instanceof Number n && n.intValue() > 0;
    }

    /** The recipe of a pass over {@code images} images. */
    public static TrainRecipe recipe(int images, boolean masked) {
        if (images <= 0) throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "fine-tuning needs at least one image, got " + images);
        return TrainRecipe.fineTuning(images, Math.min(BATCH, images), LEARNING_RATE, MOMENTUM, SEED, masked);
    }

    /**
     * Checks, before any pruning work, that a pass over {@code images} images can run: training
     * data present and large enough. Nothing to check when {@code images == 0}.
     */
    static void check(String label, int images, Dataset train) {
        if (images == 0) return;
        if (train == null) {
            throw new InvalidInputException(ErrorKind.MISSING, label + ": " + PARAM + "=" + images + " needs the training split; pass it with "
                    + "Compressions.compress(model, choice, calibration, trainData)");
        }
        if (images > train.size()) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, label + ": " + PARAM + "=" + images + " but the training data "
                    + train.name() + " has " + train.size() + " images");
        }
    }

    /**
     * Fine-tunes {@code pruned}'s graph on the first {@code images} images of {@code train} and
     * returns it with the report's statistics updated and a note added; {@code pruned} itself when
     * {@code images == 0}.
     *
     * @param masked keep the weights that are exactly zero at zero (after unstructured pruning)
     */
    static CompressionResult apply(CompressionResult pruned, int images, boolean masked, Dataset train) {
        CompressionReport report = pruned.report();
        if (images == 0) return pruned;
        check(report.label(), images, train);
        Graph g = pruned.graph();
        for (Node n : g.nodes()) {
            if (n.op().isInt8()) {
                throw new InvalidInputException(ErrorKind.UNSUPPORTED, report.label() + ": cannot fine-tune '" + g.name() + "': layer '" + n.name()
                        + "' is int8-quantised; fine-tuning trains fp32 graphs only (apply int8 after fine-tuning)");
            }
        }
        TrainRecipe recipe = recipe(images, masked);
        TrainResult r;
        try {
            r = Trainer.train(g, train, recipe);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorKind.of(e, ErrorKind.CONFLICT), report.label() + ": cannot fine-tune '" + g.name() + "': " + e.getMessage(), e);
        }
        Graph tuned = r.model();
        List<String> notes = new ArrayList<>(report.notes());
        notes.add(note(recipe, images, r));
        CompressionReport after = new CompressionReport(report.label(), report.layers(), notes, report.before(), GraphStats.of(tuned));
        return new CompressionResult(tuned, after);
    }

    private static String note(TrainRecipe recipe, int images, TrainResult r) {
        int used = recipe.imagesPerEpoch();
        return String.format(Locale.ROOT, "fine-tuned on %s training images (%d steps of %d, SGD lr %s constant, momentum %s, seed %d%s)"
                        + " in %.1f s, mean train loss %.4f",
                used == images ? Integer.toString(images) : used + " of the first " + images, r.steps(), recipe.batchSize(),
                Float.toString(recipe.learningRate()), Float.toString(recipe.momentum()), recipe.seed(),
                recipe.freezeZeros() ? ", pruned weights kept at zero" : "", r.seconds(), r.lastEpochLoss());
    }
}
