package org.dlas.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class MachinePeakTest {

    private static final String AVX512_VM = String.join("\n",
            "processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC", "cpu MHz\t\t: 2596.120",
            "siblings\t: 2", "cpu cores\t: 2", "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512dq",
            "", "processor\t: 1", "model name\t: AMD EPYC", "cpu MHz\t\t: 2590.000",
            "siblings\t: 2", "cpu cores\t: 2", "flags\t\t: fpu sse sse2 avx fma avx2 avx512f avx512dq", "");

    private static final String AVX2_SMT = String.join("\n",
            "processor\t: 0", "model name\t: Intel(R) Core(TM) i7-8700", "cpu MHz\t\t: 800.000",
            "siblings\t: 12", "cpu cores\t: 6", "flags\t\t: fpu sse sse2 avx fma avx2", "");

    @Test
    void formulaIsCoresTimesLanesTimesFmaTimesTwoTimesGhz() {
        // 2 x 16 x 2 x 2 x 2.5 GHz = 320 GFLOP/s
        assertEquals(320.0, MachinePeak.peakGflops(2, 16, 2, 2500), 1e-9);
        // 8 x 8 x 2 x 2 x 3.0 GHz = 768 GFLOP/s
        assertEquals(768.0, MachinePeak.peakGflops(8, 8, 2, 3000), 1e-9);
        assertEquals(0.0, MachinePeak.peakGflops(0, 8, 2, 3000), 0);
        assertTrue(Double.isNaN(MachinePeak.peakGflops(4, 8, 2, Double.NaN)));
    }

    @Test
    void lanesFollowTheWidestVectorFlag() {
        assertEquals(16, MachinePeak.simd(Set.of("sse2", "avx", "avx2", "avx512f")).lanes());
        assertEquals(8, MachinePeak.simd(Set.of("sse2", "avx", "avx2", "fma")).lanes());
        assertEquals(8, MachinePeak.simd(Set.of("sse2", "avx")).lanes());
        assertEquals(4, MachinePeak.simd(Set.of("sse", "sse2")).lanes());
        assertEquals(4, MachinePeak.simd(Set.of("fp", "asimd")).lanes());
        assertEquals(1, MachinePeak.simd(Set.of()).lanes());
    }

    @Test
    void parsesCpuinfoWithoutCpufreq() {
        MachinePeak p = MachinePeak.parse(2, AVX512_VM, null);
        assertEquals("AMD EPYC", p.cpuModel());
        assertEquals(16, p.simdLanes());
        assertEquals(2, p.fmaUnitsPerCore());
        assertEquals(2596.12, p.mhz(), 1e-9); // highest "cpu MHz" of all processors
        assertTrue(p.mhzSource().contains("cpu MHz"));
        assertFalse(p.smt());
        assertEquals(2 * 16 * 2 * 2 * 2.59612, p.gflops(), 1e-9);
        assertEquals(16 * 2 * 2 * 2.59612, p.gflops(1), 1e-9);
        assertTrue(p.formula().startsWith("2 cores x 16 fp32 lanes (AVX-512: avx512f) x 2 FMA units/core (assumed) x 2 FLOP/FMA x 2.596 GHz"), p.formula());
        assertTrue(p.formula().endsWith("= 332.3 GFLOP/s"), p.formula());
    }

    @Test
    void prefersCpufreqMaxAndDetectsSmt() {
        MachinePeak p = MachinePeak.parse(12, AVX2_SMT, "4600000\n"); // kHz
        assertEquals(4600.0, p.mhz(), 1e-9);
        assertTrue(p.mhzSource().contains("cpuinfo_max_freq"));
        assertEquals(8, p.simdLanes());
        assertTrue(p.smt());
        assertEquals(12 * 8 * 2 * 2 * 4.6, p.gflops(), 1e-9);
        // An unreadable cpufreq value falls back to /proc/cpuinfo.
        assertEquals(800.0, MachinePeak.parse(12, AVX2_SMT, "garbage").mhz(), 1e-9);
    }

    @Test
    void unknownFrequencyGivesNaNPeakAndSaysSo() {
        MachinePeak p = MachinePeak.parse(4, "flags : avx2\n", null);
        assertTrue(Double.isNaN(p.gflops()));
        assertTrue(p.formula().contains("unknown"), p.formula());
    }

    @Test
    void detectOnThisMachineGivesAPositivePeakOrAnHonestUnknown() {
        MachinePeak p = MachinePeak.detect(Runtime.getRuntime().availableProcessors());
        assertTrue(p.simdLanes() >= 1);
        // which answer is right follows from what the machine exposes, not from the answer itself
        boolean frequencyKnown = readable("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
                || contents("/proc/cpuinfo").contains("cpu MHz");
        if (frequencyKnown) {
            assertTrue(Double.isFinite(p.gflops()) && p.gflops() > 0, p.formula());
            assertTrue(p.formula().endsWith(String.format(java.util.Locale.ROOT, "= %.1f GFLOP/s", p.gflops())), p.formula());
        } else {
            assertTrue(Double.isNaN(p.gflops()), p.formula());
            assertTrue(p.formula().contains("unknown"), p.formula());
        }
    }

    private static boolean readable(String path) { return java.nio.file.Files.isReadable(java.nio.file.Path.of(path)); }

    private static String contents(String path) {
        try {
            return readable(path) ? java.nio.file.Files.readString(java.nio.file.Path.of(path)) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
