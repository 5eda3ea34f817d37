package org.dlas.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Optional;

import org.dlas.compression.Compressor;
import org.dlas.kernels.ConvPrimitive;
import org.junit.jupiter.api.Test;

class NamedPluginsTest {
    @Test
    void sharedIsOneInstanceCreateIsANewOne() {
        NamedPlugins<ConvPrimitive> p = NamedPlugins.load(ConvPrimitive.class, getClass().getClassLoader(), ConvPrimitive::name);
        assertEquals(List.of("direct", "gemm", "spatial-pack", "winograd", "csr", "bsr"), p.names());
        assertSame(p.shared("gemm").orElseThrow(), p.shared("gemm").orElseThrow());
        assertNotSame(p.create("gemm").orElseThrow(), p.create("gemm").orElseThrow());
        assertEquals(Optional.empty(), p.shared("fft"));
        assertEquals(Optional.empty(), p.create(null));
    }

    @Test
    void twoPluginsWithOneNameAreRefused() {
        URLClassLoader clash = new URLClassLoader(new URL[] {getClass().getResource("/plugins-clash/")}, getClass().getClassLoader());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NamedPlugins.load(Compressor.class, clash, Compressor::name));
        assertTrue(e.getMessage().contains("'prune'") && e.getMessage().contains("ClashingCompressor") && e.getMessage().contains("MagnitudePruning"),
                e.getMessage());
    }
}
