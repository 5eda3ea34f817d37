package org.dlas.train;

/** Mean softmax cross-entropy over a batch of logits, and its gradient. */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() { }

    /** Result of one batch: mean loss and how many arg-max predictions were right. */
    record Result(double loss, int correct) { }

    /**
     * Loss of {@code logits} (n images of k values) against labels[idx[from + b]]; when {@code grad}
     * is not null, sets it to d(mean loss)/d(logits).
     */
    static Result compute(Act logits, int[] labels, int[] idx, int from, Act grad) {
        int n = logits.n, k = logits.perImage();
        float[] v = new float[k];
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < n; b++) {
            int label = labels[idx == null ? from + b : idx[from + b]];
            logits.copyImage(b, v, 0);
            int arg = 0;
            float max = v[0];
            for (int i = 1; i < k; i++) {
                if (v[i] > max) {
                    max = v[i];
                    arg = i;
                }
            }
            if (arg == label) correct++;
            double sum = 0;
            double[] e = new double[k];
            for (int i = 0; i < k; i++) {
                e[i] = StrictMath.exp((double) v[i] - max);
                sum += e[i];
            }
            loss += StrictMath.log(sum) - ((double) v[label] - max);
            if (grad != null) {
                int hw = grad.hw();
                for (int i = 0; i < k; i++) {
                    double g = (e[i] / sum - (i == label ? 1 : 0)) / n;
                    grad.planes[b * grad.c + i / hw][i % hw] = (float) g;
                }
            }
        }
        return new Result(loss / n, correct);
    }
}
