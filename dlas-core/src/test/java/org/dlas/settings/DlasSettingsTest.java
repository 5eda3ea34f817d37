package org.dlas.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class DlasSettingsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    @Test
    void nothingSetLeavesEveryDefaultToItsUser() {
        DlasSettings s = DlasSettings.from(props(), Map.of());
        assertEquals(new DlasSettings(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), true), s);
    }

    @Test
    void propertiesAndTheirEnvironmentFallbacks() {
        DlasSettings s = DlasSettings.from(props(DlasSettings.CACHE_DIR, "/c", DlasSettings.KERNEL_THREADS, "3",
                DlasSettings.WORKBENCH_ENTRIES, "0x10", DlasSettings.NATIVE_DIR, "/n", DlasSettings.FPGA_WORKERS, "2",
                DlasSettings.TVM_COMPILE_SERVER, "false"), Map.of(DlasSettings.CACHE_DIR_ENV, "/env-cache", DlasSettings.FPGA_WORKER_ENV, "/w"));
        assertEquals(Optional.of(Path.of("/c")), s.cacheDir(), "the property wins over DLAS_CACHE");
        assertEquals(OptionalInt.of(3), s.kernelThreads());
        assertEquals(OptionalInt.of(16), s.workbenchEntries(), "decoded as Integer.getInteger does");
        assertEquals(Optional.of(Path.of("/n")), s.nativeDir());
        assertEquals(OptionalInt.of(2), s.fpgaWorkers());
        assertEquals(Optional.of(Path.of("/w")), s.fpgaWorker(), "environment fallback");
        assertFalse(s.tvmCompileServer());
        assertEquals(Optional.of(Path.of("/env-cache")), DlasSettings.from(props(DlasSettings.CACHE_DIR, " "),
                Map.of(DlasSettings.CACHE_DIR_ENV, "/env-cache")).cacheDir(), "a blank property falls back");
    }

    @Test
    void aNumberThatIsNotOneIsAbsentAsBefore() {
        assertEquals(OptionalInt.empty(), DlasSettings.from(props(DlasSettings.KERNEL_THREADS, "many"), Map.of()).kernelThreads());
        assertTrue(DlasSettings.from(props(DlasSettings.TVM_COMPILE_SERVER, "no"), Map.of()).tvmCompileServer(),
                "only the word false turns the compile server off");
    }
}
