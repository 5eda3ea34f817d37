package org.dlas.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;

class PredictionCodecTest {

    @Test
    void smallLabelsTakeOneByteEach() {
        byte[] blob = PredictionCodec.encode(new int[] {0, 1, 9, 63});
        assertArrayEquals(new byte[] {PredictionCodec.VARINT, 0, 2, 18, 126}, blob);
        assertArrayEquals(new int[] {0, 1, 9, 63}, PredictionCodec.decode(blob));
    }

    @Test
    void roundTripsExtremesAndRandomValues() {
        int[] extremes = {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, 64, -65, 1 << 20, -(1 << 27)};
        assertArrayEquals(extremes, PredictionCodec.decode(PredictionCodec.encode(extremes)));
        Random rnd = new Random(42);
        int[] values = new int[5000];
        for (int i = 0; i < values.length; i++) values[i] = i % 3 == 0 ? rnd.nextInt() : rnd.nextInt(1000);
        assertArrayEquals(values, PredictionCodec.decode(PredictionCodec.encode(values)));
        assertArrayEquals(values, PredictionCodec.decode(PredictionCodec.encodeInt32(values)));
    }

    @Test
    void nullAndEmptyAreDistinct() {
        assertNull(PredictionCodec.encode(null));
        assertNull(PredictionCodec.decode(null));
        assertEquals(1, PredictionCodec.encode(new int[0]).length);
        assertArrayEquals(new int[0], PredictionCodec.decode(PredictionCodec.encode(new int[0])));
    }

    @Test
    void int32LittleEndianIsAccepted() {
        byte[] blob = {PredictionCodec.INT32_LE, 7, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertArrayEquals(new int[] {7, -1}, PredictionCodec.decode(blob));
    }

    @Test
    void rejectsDamagedBlobs() {
        assertEquals(ErrorKind.BAD_FORMAT, assertThrows(InvalidInputException.class, () -> PredictionCodec.decode(new byte[0])).kind());
        assertEquals(ErrorKind.BAD_FORMAT, assertThrows(InvalidInputException.class, () -> PredictionCodec.decode(new byte[] {9, 1})).kind());
        assertEquals(ErrorKind.BAD_FORMAT, assertThrows(InvalidInputException.class, () -> PredictionCodec.decode(new byte[] {1, 5, (byte) 0x80})).kind());
        assertEquals(ErrorKind.BAD_FORMAT, assertThrows(InvalidInputException.class, () -> PredictionCodec.decode(new byte[] {2, 1, 2, 3})).kind());
    }
}
