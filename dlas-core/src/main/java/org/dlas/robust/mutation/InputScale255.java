package org.dlas.robust.mutation;

import java.util.List;
import java.util.Random;

import org.dlas.data.Datasets;
import org.dlas.ir.Graph;
import org.dlas.ir.Op;

/** Missing normalisation: the model sees raw 0..255 pixels instead of (p/255 - mean)/std. */
public final class InputScale255 extends InputAffineOperator {
    public InputScale255() { super("input-scale-255", "missing normalisation: the model receives raw 0..255 pixel values", 255f * STD, 255f * MEAN); }
}
