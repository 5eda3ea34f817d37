package org.dlas.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dlas.report.ParetoFront.Point;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    private static Point p(double acc, double lat) { return new Point(acc, lat); }

    @Test
    void handMadePoints() {
        List<Point> pts = List.of(
                p(0.90, 10),   // front: most accurate
                p(0.85, 5),    // front
                p(0.80, 6),    // dominated by (0.85, 5)
                p(0.70, 1),    // front: fastest
                p(0.70, 2),    // dominated by (0.70, 1)
                p(0.90, 12),   // dominated by (0.90, 10)
                p(0.60, 1));   // dominated by (0.70, 1)
        assertEquals(List.of(p(0.70, 1), p(0.85, 5), p(0.90, 10)), ParetoFront.of(pts));
    }

    @Test
    void duplicatesOnTheFrontAreKeptAndNonFiniteIgnored() {
        List<Point> pts = List.of(p(0.9, 3), p(0.9, 3), p(0.5, 1), p(Double.NaN, 0.1), p(1.0, Double.POSITIVE_INFINITY));
        assertEquals(List.of(p(0.5, 1), p(0.9, 3), p(0.9, 3)), ParetoFront.of(pts));
        assertEquals(List.of(), ParetoFront.of(List.of()));
        assertEquals(List.of(p(0.1, 100)), ParetoFront.of(List.of(p(0.1, 100))));
    }

    @Test
    void dominance() {
        assertTrue(ParetoFront.dominates(p(0.9, 1), p(0.8, 2)));
        assertTrue(ParetoFront.dominates(p(0.9, 1), p(0.9, 2)));
        assertFalse(ParetoFront.dominates(p(0.9, 1), p(0.9, 1)));
        assertFalse(ParetoFront.dominates(p(0.9, 2), p(0.8, 1)));
    }

    @Test
    void matchesBruteForceOnRandomPoints() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<Point> pts = new ArrayList<>();
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) pts.add(p(rnd.nextInt(10) / 10.0, 1 + rnd.nextInt(10)));   // many ties
            List<Point> expected = new ArrayList<>();
            for (Point a : pts) {
                boolean dominated = false;
                for (Point b : pts) dominated |= ParetoFront.dominates(b, a);
                if (!dominated) expected.add(a);
            }
            List<Point> front = ParetoFront.of(pts);
            assertEquals(expected.size(), front.size(), "trial " + trial);
            assertTrue(front.containsAll(expected) && expected.containsAll(front), "trial " + trial);
            for (int i = 1; i < front.size(); i++) {
                assertTrue(front.get(i - 1).latency() <= front.get(i).latency());
                assertTrue(front.get(i - 1).accuracy() <= front.get(i).accuracy());
            }
        }
    }

    @Test
    void worksOnAnyItemType() {
        record Cfg(String name, double top1, double ms) { }
        List<Cfg> cfgs = List.of(new Cfg("a", 0.9, 9), new Cfg("b", 0.8, 10), new Cfg("c", 0.5, 2));
        assertEquals(List.of("c", "a"), ParetoFront.of(cfgs, Cfg::top1, Cfg::ms).stream().map(Cfg::name).toList());
    }
}
