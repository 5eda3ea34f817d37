package org.dlas.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Describes where and with what a result was produced, for {@link ResultRow#machine()} and {@link ResultRow#versions()}. */
public final class Machine {

    private Machine() { }

    /**
     * One line: OS and version, architecture, CPU model (when the OS tells), logical cores, max heap, JVM vendor,
     * name and version. Example: {@code Linux 6.1.0 amd64, Intel(R) Xeon(R) ..., 2 cores, max heap 6.0 GiB,
     * Debian OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1}.
     */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(System.getProperty("os.name", "?")).append(' ').append(System.getProperty("os.version", ""))
                .append(' ').append(System.getProperty("os.arch", "?"));
        String cpu = cpuModel();
        if (cpu != null) sb.append(", ").append(cpu);
        sb.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap != Long.MAX_VALUE) {
            sb.append(", max heap ").append(String.format(Locale.ROOT, "%.1f GiB", maxHeap / (1024.0 * 1024 * 1024)));
        }
        sb.append(", ").append(System.getProperty("java.vm.vendor", "?")).append(' ')
                .append(System.getProperty("java.vm.name", "JVM")).append(' ')
                .append(System.getProperty("java.vm.version", System.getProperty("java.version", "?")));
        return sb.toString().replaceAll("\\s+", " ").trim();
    }

    /** {@code dlas <version>, java <version>}; the dlas version is the jar's Implementation-Version or {@code dev}. */
    public static String versions() {
        return "dlas " + dlasVersion() + ", java " + Runtime.version();
    }

    /** The Implementation-Version of the dlas jar, or {@code dev} when running from classes (IDE, tests). */
    public static String dlasVersion() {
        Package p = Machine.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** CPU model name from /proc/cpuinfo (Linux), or null. */
    static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) return null;
        try {
            List<String> lines = Files.readAllLines(info);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).trim();
                if (key.equals("model name") || key.equals("Hardware") || key.equals("cpu model")) {
                    String v = line.substring(colon + 1).trim();
                    if (!v.isEmpty()) return v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
