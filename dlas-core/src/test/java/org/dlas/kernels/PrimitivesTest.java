package org.dlas.kernels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Primitives.create("fft", Map.of()));
        assertTrue(e.getMessage().contains("fft"));
        for (String name : Primitives.names()) assertTrue(e.getMessage().contains(name), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Primitives.params("fft"));
        assertThrows(IllegalArgumentException.class, () -> Primitives.isSparse("fft"));
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
        assertThrows(IllegalArgumentException.class, () -> Primitives.create("bsr", Map.of("block_rows", 0)));
        assertThrows(IllegalArgumentException.class, () -> Primitives.create("bsr", Map.of("block_cols", 65)));
        assertThrows(IllegalArgumentException.class, () -> Primitives.create("bsr", Map.of("block_cols", 2.5)));
        assertThrows(IllegalArgumentException.class, () -> Primitives.create("bsr", Map.of("block_cols", "4")));
        assertThrows(IllegalArgumentException.class, () -> Primitives.create("bsr", Map.of("block", 4)));
    }

    @Test
    void othersTakeNoParameters() {
        for (String name : List.of("direct", "gemm", "spatial-pack", "winograd", "csr")) {
            assertTrue(Primitives.params(name).isEmpty(), name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Primitives.create(name, Map.of("block_rows", 4)));
            assertTrue(e.getMessage().contains("block_rows"));
        }
    }
}
