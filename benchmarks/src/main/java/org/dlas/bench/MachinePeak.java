package org.dlas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Theoretical fp32 peak of the machine the benchmarks ran on:
 * <pre>
 *   peak [GFLOP/s] = cores x SIMD fp32 lanes x FMA units per core x 2 FLOP per FMA x frequency [GHz]
 * </pre>
 * <ul>
 *   <li><b>cores</b>: the CPUs the kernels may use (logical CPUs visible to the JVM, or
 *       {@code dlas.kernels.threads}). On an SMT machine two logical CPUs share one core's FMA
 *       units, which overstates the peak by up to 2x; {@link #smt} says whether /proc/cpuinfo
 *       shows SMT ("siblings" > "cpu cores").</li>
 *   <li><b>lanes</b>: from the /proc/cpuinfo flags: avx512f = 16 fp32 lanes (512 bit),
 *       avx2 or avx = 8 (256 bit), sse2 / asimd (NEON) = 4.</li>
 *   <li><b>FMA units per core</b>: not readable from the OS; assumed 2, true of recent x86
 *       cores (Intel since Haswell, AMD since Zen 2; Zen 4 runs AVX-512 on two 256-bit units,
 *       i.e. half this peak for 512-bit code).</li>
 *   <li><b>frequency</b>: /sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq when present
 *       (the rated maximum), else the highest "cpu MHz" in /proc/cpuinfo (the current clock,
 *       which in a VM is usually the nominal one; turbo is then not counted).</li>
 * </ul>
 */
public record MachinePeak(String cpuModel, int cores, boolean smt, int simdLanes, String simdSource,
                          int fmaUnitsPerCore, double mhz, String mhzSource) {

    public static final int FLOP_PER_FMA = 2;
    /** The assumption stated above: two FMA pipes per core. */
    public static final int ASSUMED_FMA_UNITS_PER_CORE = 2;

    public static final Path CPUINFO = Path.of("/proc/cpuinfo");
    public static final Path MAX_FREQ = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");

    /** The formula itself, in GFLOP/s ({@code mhz} in MHz). */
    public static double peakGflops(int cores, int lanes, int fmaUnits, double mhz) {
        return (double) cores * lanes * fmaUnits * FLOP_PER_FMA * mhz / 1000.0;
    }

    /** Peak of the whole machine (all {@link #cores}); NaN when the frequency is unknown. */
    public double gflops() { return peakGflops(cores, simdLanes, fmaUnitsPerCore, mhz); }

    /** Peak of {@code n} of the cores (a kernel that ran on one thread is measured against one core). */
    public double gflops(int n) { return peakGflops(n, simdLanes, fmaUnitsPerCore, mhz); }

    /** Human-readable derivation, e.g. "2 cores x 16 fp32 lanes (avx512f) x 2 FMA/core (assumed) x 2 FLOP/FMA x 2.596 GHz (...) = 332.3 GFLOP/s". */
    public String formula() {
        String freq = Double.isNaN(mhz) ? "? GHz (" + mhzSource + ")"
                : String.format(Locale.ROOT, "%.3f GHz (%s)", mhz / 1000, mhzSource);
        String total = Double.isNaN(mhz) ? "unknown" : String.format(Locale.ROOT, "%.1f GFLOP/s", gflops());
        return String.format(Locale.ROOT, "%d cores%s x %d fp32 lanes (%s) x %d FMA units/core (assumed) x %d FLOP/FMA x %s = %s",
                cores, smt ? " (logical, SMT)" : "", simdLanes, simdSource, fmaUnitsPerCore, FLOP_PER_FMA, freq, total);
    }

    /** fp32 lanes per vector and the flag that decided it. */
    public record Simd(int lanes, String source) {}

    /** fp32 lanes per vector for a set of /proc/cpuinfo flags. */
    public static Simd simd(Set<String> flags) {
        if (flags.contains("avx512f")) return new Simd(16, "AVX-512: avx512f");
        if (flags.contains("avx2")) return new Simd(8, "AVX2: avx2");
        if (flags.contains("avx")) return new Simd(8, "AVX: avx");
        if (flags.contains("asimd")) return new Simd(4, "NEON: asimd");
        if (flags.contains("sse2") || flags.contains("sse")) return new Simd(4, "SSE: sse2");
        return new Simd(1, "no SIMD flag found, scalar");
    }

    /**
     * Parses the text of /proc/cpuinfo (and optionally cpuinfo_max_freq, in kHz).
     *
     * @param cores        CPUs the kernels use
     * @param maxFreqKhz   contents of cpuinfo_max_freq, or null when the file is absent
     */
    public static MachinePeak parse(int cores, String cpuinfo, String maxFreqKhz) {
        Set<String> flags = new HashSet<>();
        String model = "unknown CPU";
        double cpuMhz = Double.NaN;
        int siblings = -1, physCores = -1;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
            switch (key) {
                case "flags", "Features" -> flags.addAll(Arrays.asList(value.split("\\s+")));
                case "model name" -> model = value;
                case "cpu MHz" -> {
                    try {
                        double m = Double.parseDouble(value);
                        if (Double.isNaN(cpuMhz) || m > cpuMhz) cpuMhz = m;
                    } catch (NumberFormatException ignored) { }
                }
                case "siblings" -> siblings = parseInt(value);
                case "cpu cores" -> physCores = parseInt(value);
                default -> { }
            }
        }
        Simd simd = simd(flags);
        double mhz;
        String source;
        Double sysMhz = maxFreqKhz == null ? null : parseKhz(maxFreqKhz);
        if (sysMhz != null) {
            mhz = sysMhz;
            source = "cpufreq cpuinfo_max_freq";
        } else if (!Double.isNaN(cpuMhz)) {
            mhz = cpuMhz;
            source = "/proc/cpuinfo \"cpu MHz\", highest core";
        } else {
            mhz = Double.NaN;
            source = "frequency not found";
        }
        boolean smt = siblings > 0 && physCores > 0 && siblings > physCores;
        return new MachinePeak(model, cores, smt, simd.lanes(), simd.source(), ASSUMED_FMA_UNITS_PER_CORE, mhz, source);
    }

    /** Reads this machine's /proc/cpuinfo and cpufreq (missing files give "unknown" fields). */
    public static MachinePeak detect(int cores) {
        String cpuinfo = read(CPUINFO);
        String maxFreq = read(MAX_FREQ);
        return parse(cores, cpuinfo == null ? "" : cpuinfo, maxFreq);
    }

    private static String read(Path p) {
        try {
            return Files.isReadable(p) ? Files.readString(p) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Double parseKhz(String s) {
        try {
            double khz = Double.parseDouble(s.trim());
            return khz > 0 ? khz / 1000.0 : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
