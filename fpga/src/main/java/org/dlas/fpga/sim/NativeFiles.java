package org.dlas.fpga.sim;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

import org.dlas.settings.DlasSettings;

/**
 * Finds the native simulator: the {@code dlas-fpga-worker} executable built by CMake into the
 * class path's {@code linux-x86-64/} folder (next to {@code libdlasfpga.so}, where JNA looks).
 * Lookup order: system property {@value #WORKER_PROPERTY}, environment variable
 * {@value #WORKER_ENV}, then the class path (a {@code file:} entry is used in place; a jar entry is
 * extracted once to a temporary folder). When it is missing, {@link #unavailableReason()} says
 * why in words a sweep can print.
 */
public final class NativeFiles {
    /** The exact reason given when SystemC is missing. */
    public static final String SYSTEMC_MISSING = "SystemC not installed: apt-get install -y libsystemc-dev";
    public static final String WORKER_PROPERTY = DlasSettings.FPGA_WORKER;
    public static final String WORKER_ENV = DlasSettings.FPGA_WORKER_ENV;
    public static final String RESOURCE_DIR = "linux-x86-64/";
    public static final String WORKER_NAME = "dlas-fpga-worker";

    private final Optional<Path> explicitWorker;
    private final BooleanSupplier systemcInstalled;

    public NativeFiles(Optional<Path> explicitWorker, BooleanSupplier systemcInstalled) {
        this.explicitWorker = explicitWorker;
        this.systemcInstalled = systemcInstalled;
    }

    /** The standard lookup (property, environment, class path) and SystemC check. */
    public static NativeFiles standard() {
        return new NativeFiles(DlasSettings.read().fpgaWorker(), NativeFiles::systemcRuntimePresent);
    }

    /** The worker executable, or empty (then {@link #unavailableReason()} says why). */
    public Optional<Path> worker() {
        if (explicitWorker.isPresent()) {
            Path p = explicitWorker.get();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return fromClassPath();
    }

    /** Empty when the worker executable is there; otherwise why not. */
    public Optional<String> unavailableReason() {
        if (worker().isPresent()) return Optional.empty();
        if (!systemcInstalled.getAsBoolean()) return Optional.of(SYSTEMC_MISSING);
        String where = explicitWorker.map(p -> p + " (set by -D" + WORKER_PROPERTY + " or " + WORKER_ENV + ")")
                .orElse(RESOURCE_DIR + WORKER_NAME + " on the class path");
        return Optional.of("fpga simulator not built: no executable " + where
                + "; SystemC is installed, so rebuild the fpga module (mvn -pl fpga install; needs cmake and g++)");
    }

    /** Turns a worker start failure into a reason; a missing SystemC runtime gets {@link #SYSTEMC_MISSING}. */
    static String diagnoseStartFailure(String message) {
        String m = message == null ? "" : message;
        if (m.contains("libsystemc")) return SYSTEMC_MISSING + " (" + m + ")";
        return m;
    }

    private static volatile Path extracted;

    private static Optional<Path> fromClassPath() {
        URL url = NativeFiles.class.getClassLoader().getResource(RESOURCE_DIR + WORKER_NAME);
        if (url == null) return Optional.empty();
        try {
            if ("file".equals(url.getProtocol())) {
                Path p = Path.of(url.toURI());
                if (!Files.isExecutable(p)) p.toFile().setExecutable(true);
                return Optional.of(p);
            }
            return Optional.of(extract(url));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static synchronized Path extract(URL url) throws IOException {
        if (extracted != null && Files.isExecutable(extracted)) return extracted;
        byte[] bytes;
        try (InputStream in = url.openStream()) {
            bytes = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "dlas-fpga-" + Long.toHexString(crc.getValue()) + "-" + bytes.length);
        Files.createDirectories(dir);
        Path target = dir.resolve(WORKER_NAME);
        if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
            Path tmp = Files.createTempFile(dir, WORKER_NAME, ".tmp");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        extracted = target;
        return target;
    }

    /** Whether the SystemC shared library is in one of the usual library folders. */
    public static boolean systemcRuntimePresent() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib",
                "/usr/local/lib64", "/lib/x86_64-linux-gnu"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
        String home = System.getenv("SYSTEMC_HOME");
        if (home != null) {
            dirs.add(home + "/lib");
            dirs.add(home + "/lib-linux64");
        }
        for (String d : dirs) {
            try (var s = Files.list(Path.of(d))) {
                if (s.anyMatch(p -> p.getFileName().toString().startsWith("libsystemc"))) return true;
            } catch (IOException | RuntimeException ignored) {
                // not there
            }
        }
        return false;
    }
}
