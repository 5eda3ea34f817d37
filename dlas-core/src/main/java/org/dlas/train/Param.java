package org.dlas.train;

/**
 * A trainable tensor as rows ({@code value[r]}), its gradient and its optimiser state. Conv weights
 * are K rows of C/groups*R*S, dense weights out rows of in, vectors one row.
 */
final class Param {
    final String name;
    final float[][] value, grad, state;
    /** Whether weight decay applies (conv and dense weights; not biases or BatchNorm). */
    final boolean decay;

    Param(String name, float[][] value, boolean decay) {
        this.name = name;
        this.value = value;
        this.decay = decay;
        this.grad = new float[value.length][value.length == 0 ? 0 : value[0].length];
        this.state = new float[value.length][value.length == 0 ? 0 : value[0].length];
    }

    static Param of(String name, float[] flat, int rows, boolean decay) {
        int cols = flat.length / rows;
        float[][] v = new float[rows][cols];
        for (int r = 0; r < rows; r++) System.arraycopy(flat, r * cols, v[r], 0, cols);
        return new Param(name, v, decay);
    }

    float[] flat() {
        int cols = value.length == 0 ? 0 : value[0].length;
        float[] out = new float[value.length * cols];
        for (int r = 0; r < value.length; r++) System.arraycopy(value[r], 0, out, r * cols, cols);
        return out;
    }

    int size() { return value.length == 0 ? 0 : value.length * value[0].length; }

    /** Sets grad to the sum of the partial gradients, added in index order. */
    void reduce(float[][][] partials, int count) {
        for (int r = 0; r < grad.length; r++) {
            float[] g = grad[r];
            System.arraycopy(partials[0][r], 0, g, 0, g.length);
            for (int t = 1; t < count; t++) {
                float[] p = partials[t][r];
                for (int j = 0; j < g.length; j++) g[j] += p[j];
            }
        }
    }
}
