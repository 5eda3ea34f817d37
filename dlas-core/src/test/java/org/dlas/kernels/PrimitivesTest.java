package org.dlas.kernels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.spec.ParamSpec;
import org.junit.jupiter.api.Test;

class PrimitivesTest {
    @Test
    void namesAndCreation() {
        assertEquals(List.of("direct", "gemm", "spatial-pack", "winograd", "csr", "bsr"), Primitives.names());
        for (String name : Primitives.names()) {
            ConvPrimitive p = Primitives.create(name, Map.of());
            assertEquals(name, p.name());
            assertEquals(Primitives.isSparse(name), p.sparse(), name);
            assertSame(p.getClass(), Primitives.create(name, null).getClass());
        }
        assertTrue(Primitives.isSparse("csr"));
        assertTrue(Primitives.isSparse("bsr"));
        assertFalse(Primitives.isSparse("gemm"));
    }

    @Test
    void unknownNameListsTheAcceptedOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Primitives.create("fft", Map.of()));
        assertEquals(ErrorKind.UNKNOWN_NAME, e.kind());
        assertTrue(e.getMessage().contains("fft"));
        for (String name : Primitives.names()) assertTrue(e.getMessage().contains(name), e.getMessage());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Primitives.params("fft")).kind());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Primitives.isSparse("fft")).kind());
    }

    @Test
    void bsrParameters() {
        List<ParamSpec> ps = Primitives.params("bsr");
        assertEquals(List.of("block_rows", "block_cols"), ps.stream().map(ParamSpec::name).toList());
        for (ParamSpec p : ps) {
            assertEquals(Integer.class, p.type());
            assertEquals(4, p.defaultValue());
            assertEquals(1.0, p.min());
            assertEquals(64.0, p.max());
        }
        BsrPrimitive def = (BsrPrimitive) Primitives.create("bsr", Map.of());
        assertEquals(4, def.blockRows());
        assertEquals(4, def.blockCols());
        BsrPrimitive custom = (BsrPrimitive) Primitives.create("bsr", Map.of("block_rows", 8, "block_cols", 2L));
        assertEquals(8, custom.blockRows());
        assertEquals(2, custom.blockCols());
        assertEquals(16, ((BsrPrimitive) Primitives.create("bsr", Map.of("block_rows", 16.0))).blockRows());
        assertBad(ErrorKind.OUT_OF_RANGE, "block_rows", Map.of("block_rows", 0));
        assertBad(ErrorKind.OUT_OF_RANGE, "block_cols", Map.of("block_cols", 65));
        assertBad(ErrorKind.BAD_FORMAT, "block_cols", Map.of("block_cols", 2.5));
        assertBad(ErrorKind.BAD_FORMAT, "block_cols", Map.of("block_cols", "4"));
        assertBad(ErrorKind.UNKNOWN_NAME, "block", Map.of("block", 4));
    }

    @Test
    void othersTakeNoParameters() {
        for (String name : List.of("direct", "gemm", "spatial-pack", "winograd", "csr")) {
            assertTrue(Primitives.params(name).isEmpty(), name);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Primitives.create(name, Map.of("block_rows", 4)));
            assertEquals(List.of(ErrorKind.UNKNOWN_NAME, "block_rows"), List.of(e.kind(), e.location()));
        }
    }

    private static void assertBad(ErrorKind kind, String param, Map<String, Object> params) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Primitives.create("bsr", params));
        assertEquals(List.of(kind, param), List.of(e.kind(), e.location()));
    }
}
