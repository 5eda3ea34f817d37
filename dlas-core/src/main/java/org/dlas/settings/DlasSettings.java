package org.dlas.settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * Every JVM system property dlas reads (with its environment fallback where it has one), read in
 * one place; README "Settings" lists them. A value that is absent, blank or (for numbers) not an
 * integer is empty, and the code using it keeps its own default, as it did when it read the
 * property itself. {@link #read()} takes a snapshot of the current properties: what was read in a
 * static initialiser (the kernels' thread pool) is still read once per JVM, what was read per call
 * (the model cache) is still read per call.
 *
 * @param cacheDir         {@code dlas.cache}, else environment {@code DLAS_CACHE}: the model and data cache
 * @param kernelThreads    {@code dlas.kernels.threads}: threads of the Java kernels' pool
 * @param workbenchEntries {@code dlas.workbench.entries}: values a sweep's workbench keeps
 * @param nativeDir        {@code dlas.native.dir}: where tvm4j's native library is linked (set by ./dlas)
 * @param fpgaWorkers      {@code dlas.fpga.workers}: SystemC worker processes of the shared fpga pool
 * @param fpgaWorker       {@code dlas.fpga.worker}, else environment {@code DLAS_FPGA_WORKER}: the SystemC worker executable
 * @param tvmCompileServer {@code dlas.tvm.compileServer}: false runs one child JVM per TVM build
 */
public record DlasSettings(Optional<Path> cacheDir, OptionalInt kernelThreads, OptionalInt workbenchEntries,
                           Optional<Path> nativeDir, OptionalInt fpgaWorkers, Optional<Path> fpgaWorker,
                           boolean tvmCompileServer) {
    public static final String CACHE_DIR = "dlas.cache";
    public static final String CACHE_DIR_ENV = "DLAS_CACHE";
    public static final String KERNEL_THREADS = "dlas.kernels.threads";
    public static final String WORKBENCH_ENTRIES = "dlas.workbench.entries";
    public static final String NATIVE_DIR = "dlas.native.dir";
    public static final String FPGA_WORKERS = "dlas.fpga.workers";
    public static final String FPGA_WORKER = "dlas.fpga.worker";
    public static final String FPGA_WORKER_ENV = "DLAS_FPGA_WORKER";
    public static final String TVM_COMPILE_SERVER = "dlas.tvm.compileServer";

    /** The settings of this JVM now: its system properties and environment. */
    public static DlasSettings read() {
        return from(System.getProperties(), System.getenv());
    }

    static DlasSettings from(Properties props, Map<String, String> env) {
        return new DlasSettings(
                path(props, CACHE_DIR).or(() -> path(env.get(CACHE_DIR_ENV))),
                integer(props, KERNEL_THREADS),
                integer(props, WORKBENCH_ENTRIES),
                Optional.ofNullable(props.getProperty(NATIVE_DIR)).filter(s -> !s.isBlank()).map(Path::of),
                integer(props, FPGA_WORKERS),
                path(props, FPGA_WORKER).or(() -> path(env.get(FPGA_WORKER_ENV))),
                !"false".equals(props.getProperty(TVM_COMPILE_SERVER)));
    }

    private static Optional<Path> path(Properties props, String key) {
        return path(props.getProperty(key));
    }

    private static Optional<Path> path(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** As {@link Integer#getInteger}: decimal, hex or octal; anything else is absent. */
    private static OptionalInt integer(Properties props, String key) {
        String v = props.getProperty(key);
        if (v == null) return OptionalInt.empty();
        try {
            return OptionalInt.of(Integer.decode(v));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
