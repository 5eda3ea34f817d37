package org.dlas.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.plugin.NamedPlugins;
import org.dlas.plugin.TestPlugins;
import org.junit.jupiter.api.Test;

/** A primitive is one class plus one services line: the test-only TaggedDirectPrimitive is found through ServiceLoader. */
class PrimitivePluginTest {
    private final NamedPlugins<ConvPrimitive> registry = NamedPlugins.load(ConvPrimitive.class, TestPlugins.loader(), ConvPrimitive::name);

    @Test
    void pluginFollowsTheBuiltInsAndTakesItsParameters() {
        assertEquals(List.of("direct", "gemm", "spatial-pack", "winograd", "csr", "bsr", "test-tagged-direct"), registry.names());
        TaggedDirectPrimitive tagged = (TaggedDirectPrimitive) Primitives.create(registry, "test-tagged-direct", Map.of("tag", 42));
        assertEquals(42, tagged.tag());
        assertEquals(7, ((TaggedDirectPrimitive) Primitives.create(registry, "test-tagged-direct", Map.of())).tag());
        assertEquals(ErrorKind.OUT_OF_RANGE, assertThrows(InvalidInputException.class, () -> Primitives.create(registry, "test-tagged-direct", Map.of("tag", 100))).kind());
        assertEquals(ErrorKind.UNKNOWN_NAME, assertThrows(InvalidInputException.class, () -> Primitives.create(registry, "test-tagged-direct", Map.of("block_rows", 4))).kind());
        assertFalse(Primitives.names().contains("test-tagged-direct"), "the shipped registry must not see the test plug-in");
    }

    @Test
    void pluginComputesWhatItsKernelComputes() {
        ConvSpec spec = new ConvSpec(2, 3, 3, 3, 1, 1, 1, 1, 1);
        float[] w = new float[spec.weightCount()], x = new float[2 * 5 * 5], b = {0.5f, -1f, 2f};
        for (int i = 0; i < w.length; i++) w[i] = (i % 7 - 3) * 0.25f;
        for (int i = 0; i < x.length; i++) x[i] = (i % 5) - 2f;
        float[] viaPlugin = Primitives.create(registry, "test-tagged-direct", Map.of()).prepare(spec, w, b).run(x, 1, 5, 5);
        float[] direct = new DirectPrimitive().prepare(spec, w, b).run(x, 1, 5, 5);
        assertArrayEquals(direct, viaPlugin);
        assertTrue(viaPlugin.length == 3 * 5 * 5 && viaPlugin[0] != 0f);
    }
}
