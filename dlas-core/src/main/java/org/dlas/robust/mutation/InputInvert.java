package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Inverted images: pixel p becomes 1 - p (on the normalised scale: (1 - 2 mean)/std - x). */
public final class InputInvert extends InputAffineOperator {
    public InputInvert() { super("input-invert", "the input image is inverted (p -> 1 - p)", -1f, (1f - 2f * MEAN) / STD); }
}
