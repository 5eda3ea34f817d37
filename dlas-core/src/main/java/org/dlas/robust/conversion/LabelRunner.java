package org.dlas.robust.conversion;

import java.util.Map;

import org.dlas.data.Dataset;
import org.dlas.ir.Graph;
import org.dlas.kernels.Primitives;
import org.dlas.runtime.ActivationObserver;
import org.dlas.runtime.CompiledModel;

/** Runs a graph on the JVM reference runtime (gemm primitive) and returns top-1 labels. */
final class LabelRunner {
    static final int BATCH = 100;

    private LabelRunner() { }

    static CompiledModel compile(Graph g) {
        return CompiledModel.compile(g, Primitives.create("gemm", Map.of()), Primitives.create("direct", Map.of()));
    }

    static int[] labels(Graph g, Dataset images) {
        CompiledModel m = compile(g);
        int per = images.imageSize(), n = images.size();
        int[] out = new int[n];
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            float[] x = java.util.Arrays.copyOfRange(images.images(), from * per, (from + count) * per);
            float[] y = m.forward(x, count);
            int classes = y.length / count;
            for (int i = 0; i < count; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) if (y[i * classes + c] > y[i * classes + best]) best = c;
                out[from + i] = best;
            }
        }
        return out;
    }

    /** Runs the first {@code count} images, calling {@code observer} for every node. */
    static void observe(Graph g, Dataset images, int count, ActivationObserver observer) {
        int n = Math.min(count, images.size());
        compile(g).forward(java.util.Arrays.copyOf(images.images(), n * images.imageSize()), n, observer);
    }

    static int differing(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) d++;
        return d;
    }
}
