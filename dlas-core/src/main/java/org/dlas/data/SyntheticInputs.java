package org.dlas.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlas.ir.Shape;

/**
 * Seeded synthetic inputs for a model without labelled data that fit it: values uniform in [-1, 1],
 * every label 0. Label differences between environments are meaningful on them, accuracy is not;
 * the data set's name says so, and {@link #is} tells them apart.
 */
public final class SyntheticInputs {
    private static final String PREFIX = "synthetic inputs (seed ";

    private SyntheticInputs() { }

    /** {@code count} inputs of {@code in} for a model with {@code classes} outputs; {@code why} goes into the name. */
    public static Dataset of(Shape in, int classes, int count, long seed, String why) {
        Random r = new Random(seed);
        float[] x = new float[count * in.size()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("class " + c);
        return new Dataset(PREFIX + seed + "; " + why + "; no labels, accuracy meaningless)", in.channels(), in.height(), in.width(), classes, x,
                new int[count], names);
    }

    /** Whether {@code d} was made by {@link #of} (its labels mean nothing). */
    public static boolean is(Dataset d) {
        return d.name().startsWith(PREFIX);
    }
}
