package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void plainNumbersAreExactAndWithoutExponent() {
        assertEquals("10000", Figures.plain(10000.0));
        assertEquals("-3", Figures.plain(-3.0));
        assertEquals("0.9123", Figures.plain(0.9123));
        assertEquals("0.0000001", Figures.plain(1e-7));
        assertEquals("12345678901234567000", Figures.plain(1.2345678901234567e19));
        assertEquals("NaN", Figures.plain(Double.NaN));
        assertEquals("-Infinity", Figures.plain(Double.NEGATIVE_INFINITY));
        assertEquals(0.1 + 0.2, Double.parseDouble(Figures.plain(0.1 + 0.2)), 0.0);
    }

    @Test
    void humanFormats() {
        assertEquals("950", Figures.count(950.0));
        assertEquals("12.3k", Figures.count(12_345.0));
        assertEquals("4.56M", Figures.count(4_561_000.0));
        assertEquals("1.00M", Figures.count(999_999.0));
        assertEquals("", Figures.count(null));
        assertEquals("91.23", Figures.percent(0.91234, 2));
        assertEquals("0.0500", Figures.millis(0.05));
        assertEquals("1.500", Figures.millis(1.5));
        assertEquals("12.50", Figures.millis(12.5));
        assertEquals("123.5", Figures.millis(123.45));
        assertEquals("244.1", Figures.kilobytes(250_000.0));
    }
}
