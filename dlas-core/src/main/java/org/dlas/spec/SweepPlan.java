package org.dlas.spec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Expands a {@link SweepSpec} into its points. */
public final class SweepPlan {

    /** Refuse to materialise more points than this. */
    public static final long MAX_POINTS = 1_000_000;

    private SweepPlan() {}

    /** How the skip reason of a point excluded by a rule starts. */
    public static final String EXCLUDED_PREFIX = "excluded by rule at ";
    /** How the skip reason of a point that no {@code only} rule matched starts. */
    public static final String NOT_ONLY_PREFIX = "not matched by any 'only' rule";

    /**
     * The cartesian product of the axes, in {@link Axis} order with the last axis varying fastest
     * (dataset outermost, hardware innermost) and each axis's choices in the order written. Every
     * point is returned; a point matching an {@code exclude} rule gets the first such rule as
     * reason, {@code "excluded by rule at quick.yaml:14: {primitive: winograd, compression: int8}"};
     * otherwise, when {@code only} rules exist and none matches, the reason is
     * {@code "not matched by any 'only' rule (quick.yaml:20, quick.yaml:21)"}.
     *
     * @throws IllegalArgumentException when the product exceeds {@link #MAX_POINTS}
     */
    public static List<PlannedPoint> expand(SweepSpec spec) {
        long size = spec.size();
        if (size > MAX_POINTS) {
            throw new InvalidInputException(ErrorKind.OUT_OF_RANGE, "sweep '" + spec.name() + "' has " + size
                    + " points, more than the limit of " + MAX_POINTS);
        }
        List<Axis> axes = new ArrayList<>(spec.axes().keySet());
        List<List<Choice>> lists = new ArrayList<>();
        for (Axis a : axes) lists.add(spec.axes().get(a));
        List<PlannedPoint> out = new ArrayList<>((int) size);
        if (size == 0) return out;

        String onlyReason = spec.only().isEmpty() ? null
                : NOT_ONLY_PREFIX + " (" + spec.only().stream().map(Rule::origin)
                .collect(Collectors.joining(", ")) + ")";
        int[] index = new int[axes.size()];
        while (true) {
            Map<Axis, Choice> choices = new EnumMap<>(Axis.class);
            for (int i = 0; i < axes.size(); i++) choices.put(axes.get(i), lists.get(i).get(index[i]));
            Point point = new Point(spec.name(), choices, spec.measure());
            out.add(new PlannedPoint(point, skipReason(spec, point.choices(), onlyReason)));
            int i = axes.size() - 1;
            while (i >= 0 && ++index[i] == lists.get(i).size()) {
                index[i] = 0;
                i--;
            }
            if (i < 0) break;
        }
        return out;
    }

    /** Only the points that run. */
    public static List<Point> runnable(SweepSpec spec) {
        return expand(spec).stream().filter(p -> !p.skipped()).map(PlannedPoint::point).toList();
    }

    private static String skipReason(SweepSpec spec, Map<Axis, Choice> choices, String onlyReason) {
        for (Rule r : spec.exclude()) {
            if (r.matches(choices)) return EXCLUDED_PREFIX + r.origin() + ": " + r.describe();
        }
        if (onlyReason != null) {
            for (Rule r : spec.only()) {
                if (r.matches(choices)) return null;
            }
            return onlyReason;
        }
        return null;
    }
}
