package org.dlas.sweep;

/**
 * Model outputs on the test images: logits (n x classes) and what follows from them.
 *
 * <p>A prediction must be decided: an image whose outputs hold a NaN, or whose highest outputs tie, has no
 * label ({@link #NO_LABEL}) and never counts as correct, so a model with all-zero or all-NaN outputs scores 0.
 */
public record Outputs(float[] logits, int n, int classes) {

    /** The label of an image whose outputs decide nothing (a NaN, or a tie at the top). */
    public static final int NO_LABEL = -1;

    public int[] top1() {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = argmax(logits, i * classes, classes);
        return labels;
    }

    /**
     * The index (0..count-1) of the single highest of {@code count} values from {@code offset}, or
     * {@link #NO_LABEL} when any of them is NaN or the highest value is shared.
     */
    public static int argmax(float[] values, int offset, int count) {
        int best = NO_LABEL;
        boolean tied = false;
        for (int c = 0; c < count; c++) {
            float v = values[offset + c];
            if (Float.isNaN(v)) return NO_LABEL;
            if (best == NO_LABEL || v > values[offset + best]) {
                best = c;
                tied = false;
            } else if (v == values[offset + best]) tied = true;
        }
        return tied ? NO_LABEL : best;
    }

    /**
     * Share of images whose true label is among the k highest outputs. A tie counts against the true label
     * (it must be strictly above all but k-1 others) and an image with any NaN output is a miss.
     */
    public double topK(int[] truth, int k) {
        int hits = 0;
        for (int i = 0; i < n; i++) if (inTopK(i, truth[i], k)) hits++;
        return (double) hits / n;
    }

    private boolean inTopK(int image, int label, int k) {
        float target = logits[image * classes + label];
        int atLeastAsHigh = 0;
        for (int c = 0; c < classes; c++) {
            float v = logits[image * classes + c];
            if (Float.isNaN(v)) return false;
            if (c != label && v >= target) atLeastAsHigh++;
        }
        return atLeastAsHigh < k;
    }

    /** Share of images whose top-1 label differs from {@code other}'s. */
    public double labelDifference(Outputs other) {
        int[] a = top1(), b = other.top1();
        int diff = 0;
        for (int i = 0; i < n; i++) if (a[i] != b[i]) diff++;
        return (double) diff / n;
    }

    public double maxDeviation(Outputs other) {
        double m = 0;
        for (int i = 0; i < logits.length; i++) m = Math.max(m, Math.abs(logits[i] - other.logits[i]));
        return m;
    }
}
