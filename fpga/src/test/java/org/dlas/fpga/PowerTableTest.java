package org.dlas.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dlas.error.ErrorKind;
import org.dlas.error.InvalidInputException;
import org.dlas.fpga.sim.SimStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerTableTest {

    @Test void builtinTableLoads() {
        PowerTable t = PowerTable.load("builtin");
        assertEquals("builtin", t.source());
        assertEquals(0.12, t.staticW());
        assertEquals(100, t.referenceClockMhz());
        assertTrue(t.hostActiveW() > t.hostIdleW());
    }

    @Test void energyIsTheSumOfTheTableTimesTheCounts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.properties");
        Files.writeString(f, """
                static_w = 0.5
                mac_dynamic_w = 0.001
                reference_clock_mhz = 100
                bram_access_pj = 20
                dma_byte_pj = 100
                host_active_w = 2
                host_idle_w = 1
                """);
        PowerTable t = PowerTable.load(f.toString());
        // 1e6 MACs, 1e5 buffer accesses, 2e5 bytes moved; 3 ms on the accelerator, 2 ms on the host
        SimStats s = new SimStats(300_000, 0, 0, 150_000, 50_000, 1_000_000, 100_000, 0, 0, 0, 0);
        PowerTable.Energy e = t.energy(s, 3.0, 2.0);
        assertEquals(0.5 * 3e-3 * 1e6, e.plStaticUj(), 1e-9);          // 1500 uJ
        assertEquals(1e6 * 0.001 / 100e6 * 1e6, e.macUj(), 1e-9);      // 10 uJ
        assertEquals(1e5 * 20e-12 * 1e6, e.bramUj(), 1e-9);            // 2 uJ
        assertEquals(2e5 * 100e-12 * 1e6, e.dmaUj(), 1e-9);            // 20 uJ
        assertEquals((2 * 2e-3 + 1 * 3e-3) * 1e6, e.hostUj(), 1e-9);   // 7000 uJ
        assertEquals(e.acceleratorUj() + e.hostUj(), e.totalUj(), 1e-9);
        assertEquals(2 * 5e-3 * 1e6, t.cpuOnlyUj(5.0), 1e-9);
    }

    @Test void badTablesAreRejectedWithTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "static_w = 0.1\n");
        assertBad(ErrorKind.MISSING, "mac_dynamic_w", f.toString());
        Files.writeString(f, Files.readString(PowerTableTestResources.builtin()).replace("dma_byte_pj = 150", "dma_byte_pj = lots"));
        assertBad(ErrorKind.BAD_FORMAT, "dma_byte_pj", f.toString());
        Files.writeString(f, Files.readString(PowerTableTestResources.builtin()) + "\nstatic_mw = 3\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> PowerTable.load(f.toString())).getMessage().contains("[static_mw]"));
        assertBad(ErrorKind.UNKNOWN_NAME, "", f.toString());
        assertBad(ErrorKind.MISSING, "", dir.resolve("none").toString());
    }

    private static void assertBad(ErrorKind kind, String key, String table) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PowerTable.load(table));
        assertEquals(java.util.List.of(kind, key), java.util.List.of(e.kind(), e.location()), e.getMessage());
    }

    /** The builtin table's file in the source tree. */
    static final class PowerTableTestResources {
        static Path builtin() throws Exception {
            return Path.of(PowerTable.class.getClassLoader().getResource(PowerTable.RESOURCE).toURI());
        }
    }
}
