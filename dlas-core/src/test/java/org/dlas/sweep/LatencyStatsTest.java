package org.dlas.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

/** Percentiles as R's quantile(type = 7) and numpy's percentile compute them (the estimator the stats always used). */
class LatencyStatsTest {
    @Test
    void interpolatesBetweenClosestRanks() {
        // R: quantile(c(7, 1, 3, 10, 2, 9, 4, 8, 6, 5), c(.1, .5, .9)) = 1.9 5.5 9.1
        LatencyStats s = LatencyStats.of(new double[] {7, 1, 3, 10, 2, 9, 4, 8, 6, 5});
        assertEquals(5.5, s.medianMs(), 1e-12);
        assertEquals(1.9, s.p10Ms(), 1e-12);
        assertEquals(9.1, s.p90Ms(), 1e-12);
        assertEquals(10, s.repeats());
        // numpy.percentile([0.5, 2.25, 4.0, 12.0], [10, 50, 90]) = 1.025 3.125 9.6
        LatencyStats u = LatencyStats.of(new double[] {12.0, 0.5, 4.0, 2.25});
        assertEquals(3.125, u.medianMs(), 1e-12);
        assertEquals(1.025, u.p10Ms(), 1e-12);
        assertEquals(9.6, u.p90Ms(), 1e-12);
    }

    @Test
    void oneSampleIsEveryPercentileAndNoneIsAnError() {
        LatencyStats one = LatencyStats.of(new double[] {3.5});
        assertEquals(3.5, one.medianMs());
        assertEquals(3.5, one.p10Ms());
        assertEquals(3.5, one.p90Ms());
        assertEquals(ErrorKind.MISSING, assertThrows(InvalidInputException.class, () -> LatencyStats.of(new double[0])).kind());
    }

    @Test
    void leavesTheCallersSamplesInTheirOrder() {
        double[] samples = {3, 1, 2};
        LatencyStats.of(samples);
        assertEquals(3, samples[0]);
    }
}
