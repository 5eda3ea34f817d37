package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Normalisation with another data set's statistics (MNIST mean/std instead of Fashion-MNIST). */
public final class InputWrongNormalisation extends InputAffineOperator {
    public InputWrongNormalisation() { super("input-wrong-normalisation", "the input is normalised with MNIST mean/std instead of Fashion-MNIST",
            STD / Datasets.std(Datasets.MNIST), (MEAN - Datasets.mean(Datasets.MNIST)) / Datasets.std(Datasets.MNIST)); }
}
