package org.dlas.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for counts given on the command line, so {@code --images -5} is a usage error (exit 2), not a crash. */
public final class Counts {
    private Counts() { }

    /** An integer of at least 1 (images, trials, runs, jobs). */
    public static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override public Integer convert(String value) { return parse(value, 1); }
    }

    /** An integer of at least 0 (warm-up runs, extra images). */
    public static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override public Integer convert(String value) { return parse(value, 0); }
    }

    static int parse(String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number; give one of at least " + min);
        }
        if (n < min) throw new TypeConversionException("must be at least " + min + ", got " + n);
        return n;
    }
}
