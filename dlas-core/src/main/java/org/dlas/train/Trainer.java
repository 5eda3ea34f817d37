package org.dlas.train;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/**
 * Trains IR graphs on a data set with reverse-mode gradients written for every operator of the
 * zoo (Conv2d incl. grouped and depthwise, Dense, MaxPool, AvgPool, GlobalAvgPool, Relu, Relu6,
 * Add, Concat, BatchNorm, Flatten, Softmax) and mean softmax cross-entropy, and evaluates them with
 * a plain fp32 forward.
 *
 * <p>The loss is applied to the graph's output as logits; when the graph ends with a Softmax node,
 * training uses that node's input as the logits. Training is deterministic: the same graph, data
 * and recipe give bit-identical weights on every run (the batch is split into fixed chunks whose
 * partial gradients are summed in a fixed order; shuffling comes from {@code java.util.Random}
 * seeded by the recipe).
 *
 * <p>Fine-tuning a pruned graph: with {@link TrainRecipe#freezeZeros()} the conv/dense weights that
 * are exactly zero in {@code init} are a mask. After every SGD step they and their momentum are set
 * back to zero, so the trained graph has exactly the same zeros (and sparsity) as {@code init}.
 * Only fp32 graphs train; int8-quantised nodes are rejected.
 */
public final class Trainer {
    /**
     * Version of the training numerics; part of cached models' keys. Bump it whenever a change to
     * the trainer changes any trained weight, so caches never serve models of older numerics under
     * the current key. (2: BatchNorm statistics from fused shifted sums.)
     */
    public static final int VERSION = 2;
    /** Batch size for evaluation. */
    static final int EVAL_BATCH = 100;

    private Trainer() { }

    public static TrainResult train(Graph init, Dataset data, TrainRecipe r) { return train(init, data, r, null); }

    /** Trains a copy of {@code init}; {@code progress} (may be null) gets a line per epoch. */
    public static TrainResult train(Graph init, Dataset data, TrainRecipe r, Consumer<String> progress) {
        if (r.trainImages() > data.size()) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "recipe wants " + r.trainImages() + " training images, " + data.name() + " has " + data.size());
        }
        checkInput(init, data);
        long t0 = System.nanoTime();
        Network net = new Network(init, logitsNode(init), false);
        List<Param> params = net.params();
        int[][][] frozen = r.freezeZeros() ? zeroPositions(params) : null;
        int B = r.batchSize(), steps = r.stepsPerEpoch();
        Random rng = new Random(r.seed());
        int[] perm = new int[r.trainImages()];
        int t = 0;
        double loss = 0;
        int correct = 0;
        for (int epoch = 0; epoch < r.epochs(); epoch++) {
            for (int i = 0; i < perm.length; i++) perm[i] = i;
            for (int i = perm.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            loss = 0;
            correct = 0;
            for (int s = 0; s < steps; s++, t++) {
                // a point that timed out is interrupted: stop using a core for it
                if (Thread.interrupted()) throw new CancellationException("training " + init.name() + " interrupted at step " + t);
                net.setInput(data.images(), perm, s * B, B);
                net.forward(true);
                SoftmaxCrossEntropy.Result res = SoftmaxCrossEntropy.compute(net.output(), data.labels(), perm, s * B, net.outputGrad());
                if (!Double.isFinite(res.loss())) {
                    throw new IllegalStateException("training " + init.name() + " diverged at step " + t + " (loss " + res.loss() + ")");
                }
                loss += res.loss();
                correct += res.correct();
                net.backward();
                sgdStep(params, r, r.learningRate(t));
                if (frozen != null) refreeze(params, frozen);
            }
            if (progress != null) {
                progress.accept(String.format(java.util.Locale.ROOT, "%s epoch %d/%d: loss %.4f, train accuracy %.2f%%, %.1f s",
                        init.name(), epoch + 1, r.epochs(), loss / steps, 100.0 * correct / ((long) steps * B), (System.nanoTime() - t0) / 1e9));
            }
        }
        Graph trained = net.export();
        return new TrainResult(trained, (System.nanoTime() - t0) / 1e9, loss / steps, (double) correct / ((long) steps * B), t);
    }

    /** SGD with momentum: v = mu*v + g + wd*w (wd on weights only); w -= lr*v. */
    static void sgdStep(List<Param> params, TrainRecipe r, float lr) {
        float mu = r.momentum();
        for (Param p : params) {
            float wd = p.decay ? r.weightDecay() : 0f;
            for (int row = 0; row < p.value.length; row++) {
                float[] w = p.value[row], g = p.grad[row], v = p.state[row];
                for (int j = 0; j < w.length; j++) {
                    float vj = mu * v[j] + (g[j] + wd * w[j]);
                    v[j] = vj;
                    w[j] -= lr * vj;
                }
            }
        }
    }

    /**
     * Per parameter and row, the positions of the conv/dense weights (parameters with weight decay)
     * that are exactly zero: the mask {@link TrainRecipe#freezeZeros()} keeps. Null for parameters
     * without decay or without zeros.
     */
    static int[][][] zeroPositions(List<Param> params) {
        int[][][] out = new int[params.size()][][];
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (!p.decay) continue;
            int[][] rows = new int[p.value.length][];
            boolean any = false;
            for (int row = 0; row < rows.length; row++) {
                float[] w = p.value[row];
                int n = 0;
                for (float v : w) if (v == 0f) n++;
                int[] idx = new int[n];
                n = 0;
                for (int j = 0; j < w.length; j++) if (w[j] == 0f) idx[n++] = j;
                rows[row] = idx;
                any |= idx.length > 0;
            }
            if (any) out[i] = rows;
        }
        return out;
    }

    /** Sets the masked weights and their momentum back to exactly zero (+0.0f). */
    static void refreeze(List<Param> params, int[][][] frozen) {
        for (int i = 0; i < frozen.length; i++) {
            if (frozen[i] == null) continue;
            Param p = params.get(i);
            for (int row = 0; row < frozen[i].length; row++) {
                float[] w = p.value[row], v = p.state[row];
                for (int j : frozen[i][row]) {
                    w[j] = 0f;
                    v[j] = 0f;
                }
            }
        }
    }

    /** Top-1 accuracy of {@code model} on {@code data} (fp32 forward, BatchNorm with running statistics). */
    public static double accuracy(Graph model, Dataset data) {
        int[] pred = predict(model, data);
        int ok = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == data.labels()[i]) ok++;
        return (double) ok / data.size();
    }

    /** Arg-max class of each image; {@link org.dlas.sweep.Outputs#NO_LABEL} where a NaN or a tie leaves it undecided. */
    public static int[] predict(Graph model, Dataset data) {
        checkInput(model, data);
        float[] logits = logits(model, data.images(), data.size());
        int k = logits.length / data.size();
        int[] pred = new int[data.size()];
        for (int i = 0; i < pred.length; i++) pred[i] = org.dlas.sweep.Outputs.argmax(logits, i * k, k);
        return pred;
    }

    /** The graph's output for {@code n} images (n x C x H x W in {@code images}), n x outputs. */
    public static float[] logits(Graph model, float[] images, int n) {
        Network net = new Network(model);
        int per = model.inputShape().size();
        if (images.length < (long) n * per) throw new InvalidInputException(ErrorKind.CONFLICT, n + " images need " + (long) n * per + " values, got " + images.length);
        int outPer = model.outputShape().size();
        float[] out = new float[n * outPer];
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int m = Math.min(EVAL_BATCH, n - from);
            net.setInput(images, null, from, m);
            net.forward(false);
            Act y = net.output();
            for (int b = 0; b < m; b++) y.copyImage(b, out, (from + b) * outPer);
        }
        return out;
    }

    private static String logitsNode(Graph g) {
        if (g.node(g.output()).op() instanceof Op.Softmax) return g.node(g.output()).inputs().get(0);
        return g.output();
    }

    private static void checkInput(Graph g, Dataset d) {
        var s = g.inputShape();
        if (s.channels() != d.channels() || s.height() != d.height() || s.width() != d.width()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, g.name() + " takes " + s + " images, " + d.name() + " has "
                    + d.channels() + "x" + d.height() + "x" + d.width());
        }
        if (g.shape(logitsNode(g)).size() != d.classes()) {
            throw new InvalidInputException(ErrorKind.CONFLICT, g.name() + " outputs " + g.shape(logitsNode(g)).size() + " values, " + d.name() + " has " + d.classes() + " classes");
        }
    }
}
