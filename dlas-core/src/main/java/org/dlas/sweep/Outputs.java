package org.dlas.sweep;

/** Model outputs on the test images: logits (n x classes) and what follows from them. */
public record Outputs(float[] logits, int n, int classes) {

    public int[] top1() {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /** Share of images whose true label is among the k highest outputs. */
    public double topK(int[] truth, int k) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            float target = logits[i * classes + truth[i]];
            int higher = 0;
            for (int c = 0; c < classes; c++) if (logits[i * classes + c] > target) higher++;
            if (higher < k) hits++;
        }
        return (double) hits / n;
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
