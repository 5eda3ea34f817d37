package org.dlas.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.dlas.ir.Graph;
import org.dlas.plugin.NamedPlugins;
import org.dlas.plugin.TestPlugins;
import org.dlas.spec.Choice;
import org.junit.jupiter.api.Test;

/** A compression is one class plus one services line: the test-only RenamedNoCompression is found through ServiceLoader. */
class CompressionPluginTest {
    @Test
    void pluginFollowsTheBuiltInsAndCompresses() {
        NamedPlugins<Compressor> registry = NamedPlugins.load(Compressor.class, TestPlugins.loader(), Compressor::name);
        assertEquals(List.of("none", "prune", "channel-prune", "int8", "test-identity"), registry.names());
        Graph model = TestGraphs.cnn(3);
        CompressionResult result = registry.shared("test-identity").orElseThrow().compress(model, Choice.of("test-identity"), null);
        assertSame(model, result.graph());
        assertEquals(Compressions.compress(model, Choice.of("none"), null).report().label(), result.report().label());
        assertFalse(Compressions.names().contains("test-identity"), "the shipped registry must not see the test plug-in");
    }
}
