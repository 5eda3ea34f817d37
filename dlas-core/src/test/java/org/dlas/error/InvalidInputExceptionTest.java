package org.dlas.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

    @Test
    void carriesKindAndLocationWithTheMessageUnchanged() {
        InvalidInputException e = new InvalidInputException(ErrorKind.OUT_OF_RANGE, "ratio must be in [0, 0.9], got 2");
        assertEquals("", e.location());
        assertSame(e, e.at("ratio"));
        assertEquals(ErrorKind.OUT_OF_RANGE, e.kind());
        assertEquals("ratio", e.location());
        assertEquals("ratio must be in [0, 0.9], got 2", e.getMessage());
        assertEquals("", e.at(null).location());
        assertThrows(NullPointerException.class, () -> new InvalidInputException(null, "no kind"));
    }

    @Test
    void aRethrownErrorKeepsTheKindOfItsCause() {
        Exception cause = new InvalidInputException(ErrorKind.UNSUPPORTED, "no int8 here");
        assertEquals(ErrorKind.UNSUPPORTED, ErrorKind.of(cause, ErrorKind.CONFLICT));
        assertEquals(ErrorKind.CONFLICT, ErrorKind.of(new IllegalArgumentException("plain"), ErrorKind.CONFLICT));
    }
}
