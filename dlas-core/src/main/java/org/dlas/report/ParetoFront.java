package org.dlas.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The accuracy/latency Pareto front: the points that no other point beats on both axes.
 *
 * <p>Point {@code a} <i>dominates</i> {@code b} when {@code a.accuracy >= b.accuracy} and
 * {@code a.latency <= b.latency} with at least one strict. The front is every non-dominated point; exact duplicates
 * of a front point are all kept. Points with a NaN or infinite coordinate are ignored. O(n log n).
 */
public final class ParetoFront {

    /** A plain (accuracy, latency) point; higher accuracy and lower latency are better. */
    public record Point(double accuracy, double latency) { }

    private ParetoFront() { }

    /** The non-dominated points, by ascending latency (and so ascending accuracy). */
    public static List<Point> of(List<Point> points) {
        return of(points, Point::accuracy, Point::latency);
    }

    /**
     * The non-dominated items under the given accuracy (maximised) and latency (minimised), by ascending latency;
     * ties in latency keep the input order.
     */
    public static <T> List<T> of(List<T> items, ToDoubleFunction<? super T> accuracy, ToDoubleFunction<? super T> latency) {
        List<T> valid = new ArrayList<>();
        for (T t : items) {
            if (Double.isFinite(accuracy.applyAsDouble(t)) && Double.isFinite(latency.applyAsDouble(t))) valid.add(t);
        }
        // ascending latency, then descending accuracy: every dominator of a point comes before it
        valid.sort(Comparator.<T>comparingDouble(latency::applyAsDouble)
                .thenComparing(Comparator.<T>comparingDouble(accuracy::applyAsDouble).reversed()));
        List<T> front = new ArrayList<>();
        double bestAcc = Double.NEGATIVE_INFINITY;
        double bestLat = Double.NaN;
        for (T t : valid) {
            double acc = accuracy.applyAsDouble(t);
            double lat = latency.applyAsDouble(t);
            if (acc > bestAcc) {
                front.add(t);
                bestAcc = acc;
                bestLat = lat;
            } else if (acc == bestAcc && lat == bestLat) {
                front.add(t);                     // exact duplicate of a front point
            }
        }
        return front;
    }

    /** True when {@code a} dominates {@code b}. */
    public static boolean dominates(Point a, Point b) {
        return a.accuracy() >= b.accuracy() && a.latency() <= b.latency()
                && (a.accuracy() > b.accuracy() || a.latency() < b.latency());
    }
}
