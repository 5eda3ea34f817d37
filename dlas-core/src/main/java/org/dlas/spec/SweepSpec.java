package org.dlas.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated sweep file (includes merged, defaults filled). Build it with
 * {@link SpecLoader#load}; expand it with {@link SweepPlan#expand}.
 *
 * @param name    the sweep name, {@code [a-z0-9_-]+}
 * @param file    the file it was loaded from, as given to the loader
 * @param axes    every {@link Axis}, in axis order, each with one or more distinct choices in the
 *                order written; every choice carries all its parameters
 * @param measure the measurement settings
 * @param output  where results go, relative to the current directory unless absolute
 * @param exclude rules whose matching points are skipped
 * @param only    when not empty, points matching none of these rules are skipped
 */
public record SweepSpec(String name, Path file, Map<Axis, List<Choice>> axes, Measurement measure, Path output,
                        List<Rule> exclude, List<Rule> only) {

    public SweepSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(axes, "axes");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(output, "output");
        EnumMap<Axis, List<Choice>> copy = new EnumMap<>(Axis.class);
        axes.forEach((axis, list) -> copy.put(axis, List.copyOf(list)));
        axes = Collections.unmodifiableMap(copy);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        only = only == null ? List.of() : List.copyOf(only);
    }

    /** The choices on {@code axis}; empty when the spec has none there. */
    public List<Choice> choices(Axis axis) { return axes.getOrDefault(axis, List.of()); }

    /** Number of points before exclude/only are applied (saturates at Long.MAX_VALUE). */
    public long size() {
        long n = 1;
        for (List<Choice> list : axes.values()) {
            n = multiplySaturated(n, list.size());
        }
        return n;
    }

    static long multiplySaturated(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi != 0 || lo < 0) ? Long.MAX_VALUE : lo;
    }
}
